import type {
  LanguageModelV4Prompt,
  LanguageModelV4ToolResultOutput,
  SharedV4Warning,
} from '@ai-sdk/provider';
import type { ChatHistoryItem, ChatModelResponse } from 'node-llama-cpp';

export interface ConvertedPrompt {
  /** Ends with a model response (empty, or the assistant prefill to continue) for LlamaChat to complete. */
  history: ChatHistoryItem[];
  warnings: SharedV4Warning[];
}

function renderToolOutput(output: LanguageModelV4ToolResultOutput): string {
  switch (output.type) {
    case 'text':
    case 'error-text':
      return output.value;
    case 'json':
    case 'error-json':
      return JSON.stringify(output.value);
    case 'execution-denied':
      return `Execution denied${output.reason ? `: ${output.reason}` : ''}`;
    case 'content':
      return output.value
        .map((part) => (part.type === 'text' ? part.text : `[${part.type} content omitted]`))
        .join('\n');
  }
}

/**
 * Maps the AI SDK prompt onto node-llama-cpp's chat history. A tool call whose result came back is a function
 * call item of the model's turn (the chat wrapper renders it in the model's own call/result format); a call
 * without a result, or a result without its call, stays plain text so the conversation remains coherent.
 * Files are dropped with a warning: local models here read text only.
 */
export function convertPromptToChatHistory(prompt: LanguageModelV4Prompt): ConvertedPrompt {
  const history: ChatHistoryItem[] = [];
  const warnings: SharedV4Warning[] = [];
  const dropFile = () => {
    if (warnings.some((warning) => warning.type === 'unsupported' && warning.feature === 'file parts'))
      return;
    warnings.push({
      type: 'unsupported',
      feature: 'file parts',
      details: 'Local models receive text only; files were dropped.',
    });
  };

  // Results arrive in the tool message after the call: collect them first, by call id.
  const results = new Map<string, string>();
  for (const message of prompt)
    if (message.role === 'tool')
      for (const part of message.content)
        if (part.type === 'tool-result') results.set(part.toolCallId, renderToolOutput(part.output));
  const attached = new Set<string>();

  for (const message of prompt) {
    switch (message.role) {
      case 'system':
        history.push({ type: 'system', text: message.content });
        break;
      case 'user': {
        const texts: string[] = [];
        for (const part of message.content) {
          if (part.type === 'text') texts.push(part.text);
          else dropFile();
        }
        history.push({ type: 'user', text: texts.join('\n') });
        break;
      }
      case 'assistant': {
        const response: ChatModelResponse['response'] = [];
        const texts: string[] = [];
        const flush = () => {
          if (texts.length > 0) response.push(texts.join('\n'));
          texts.length = 0;
        };
        for (const part of message.content) {
          if (part.type === 'text') texts.push(part.text);
          else if (part.type === 'tool-call') {
            const result = results.get(part.toolCallId);
            if (result === undefined) {
              texts.push(`Calling tool ${part.toolName} with ${JSON.stringify(part.input)}`);
              continue;
            }
            flush();
            attached.add(part.toolCallId);
            response.push({ type: 'functionCall', name: part.toolName, params: part.input, result });
          } else if (part.type === 'tool-result')
            texts.push(`Tool ${part.toolName} returned: ${renderToolOutput(part.output)}`);
          else if (part.type === 'file') dropFile();
        }
        flush();
        history.push({ type: 'model', response: response.length > 0 ? response : [''] });
        break;
      }
      case 'tool': {
        const texts = message.content.flatMap((part) =>
          part.type === 'tool-result' && !attached.has(part.toolCallId)
            ? [`Tool ${part.toolName} returned: ${renderToolOutput(part.output)}`]
            : [],
        );
        if (texts.length > 0) history.push({ type: 'user', text: texts.join('\n') });
        break;
      }
    }
  }
  // A trailing assistant message is a prefill: the model continues it instead of starting a new turn.
  if (history.at(-1)?.type !== 'model') history.push({ type: 'model', response: [] });
  return { history, warnings };
}
