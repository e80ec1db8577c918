import type {
  LanguageModelV4Prompt,
  LanguageModelV4ToolResultOutput,
  SharedV4Warning,
} from '@ai-sdk/provider';
import type { ChatHistoryItem } from 'node-llama-cpp';

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
 * Maps the AI SDK prompt onto node-llama-cpp's chat history. Local models here are text-only and have no
 * tool-calling protocol, so tool calls and results are kept as plain text (the conversation stays coherent)
 * and files are dropped with a warning.
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
        const texts: string[] = [];
        for (const part of message.content) {
          if (part.type === 'text') texts.push(part.text);
          else if (part.type === 'tool-call')
            texts.push(`Calling tool ${part.toolName} with ${JSON.stringify(part.input)}`);
          else if (part.type === 'tool-result')
            texts.push(`Tool ${part.toolName} returned: ${renderToolOutput(part.output)}`);
          else if (part.type === 'file') dropFile();
        }
        history.push({ type: 'model', response: [texts.join('\n')] });
        break;
      }
      case 'tool': {
        const texts = message.content.flatMap((part) =>
          part.type === 'tool-result'
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
