import type { ChatResult } from '../../core/chat-request.js';
import { conclaveMetadata, openAIFinishReason } from './conclave-metadata.js';

/** One or more results (n > 1) → an OpenAI `chat.completion` body with Conclave's metadata. */
export function toChatCompletion(results: ChatResult[]) {
  const first = results[0]!;
  const usage = results.reduce(
    (sum, result) => ({
      prompt_tokens: sum.prompt_tokens + result.usage.inputTokens,
      completion_tokens: sum.completion_tokens + result.usage.outputTokens,
      total_tokens: sum.total_tokens + result.usage.totalTokens,
    }),
    { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
  );
  return {
    id: first.id,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: first.model,
    choices: results.map((result, index) => {
      const toolCalls = result.content.flatMap((part) =>
        part.type === 'tool-call'
          ? [
              {
                id: part.toolCallId,
                type: 'function',
                function: { name: part.toolName, arguments: part.input },
              },
            ]
          : [],
      );
      return {
        index,
        message: {
          role: 'assistant',
          content: result.text === '' && toolCalls.length > 0 ? null : result.text,
          refusal: null,
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
        },
        logprobs: null,
        finish_reason: openAIFinishReason(result.finishReason),
      };
    }),
    usage,
    system_fingerprint: null,
    conclave:
      results.length === 1
        ? conclaveMetadata(first)
        : { ...conclaveMetadata(first), choices: results.map(conclaveMetadata) },
  };
}
