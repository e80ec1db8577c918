import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4StreamPart,
  LanguageModelV4Usage,
} from '@ai-sdk/provider';
import { ANSWER_PART_TYPES, type ChatRequest, type ChatResult } from '../core/chat-request.js';
import type { ChatStream } from '../orchestration/orchestration-context.js';

/**
 * Conclave as an AI SDK model: `generateText({ model: conclave.languageModel('auto'), … })` routes, guards,
 * retries, falls back and records like the gateway does. Provider metadata carries Conclave's transparency.
 */
export function createConclaveLanguageModel(
  stream: (request: ChatRequest) => ChatStream,
  model: string,
): LanguageModelV4 {
  const toRequest = ({
    prompt,
    abortSignal,
    headers: _headers,
    ...options
  }: LanguageModelV4CallOptions): ChatRequest => ({
    model,
    prompt,
    options,
    signal: abortSignal,
  });
  return {
    specificationVersion: 'v4',
    provider: 'conclave',
    modelId: model,
    supportedUrls: {},
    async doGenerate(options) {
      const running = stream(toRequest(options));
      for await (const _part of running.parts) {
        // Drain: the request advances as its parts are pulled.
      }
      const result = await running.result;
      return {
        content: result.content,
        finishReason: { unified: result.finishReason, raw: result.finishReason },
        usage: toUsage(result),
        warnings: [],
        providerMetadata: { conclave: metadata(result) },
        response: { id: result.id, modelId: result.model },
      };
    },
    async doStream(options) {
      const running = stream(toRequest(options));
      const iterator = running.parts[Symbol.asyncIterator]();
      let finished = false;
      const output = new ReadableStream<LanguageModelV4StreamPart>({
        start(controller) {
          controller.enqueue({ type: 'stream-start', warnings: [] });
        },
        async pull(controller) {
          if (finished) return;
          try {
            while (true) {
              const next = await iterator.next();
              if (next.done) break;
              if (ANSWER_PART_TYPES.has(next.value.type)) {
                controller.enqueue(next.value as LanguageModelV4StreamPart);
                return;
              }
            }
            const result = await running.result;
            controller.enqueue({ type: 'response-metadata', id: result.id, modelId: result.model });
            controller.enqueue({
              type: 'finish',
              finishReason: { unified: result.finishReason, raw: result.finishReason },
              usage: toUsage(result),
              providerMetadata: { conclave: metadata(result) },
            });
          } catch (error) {
            controller.enqueue({ type: 'error', error });
          }
          finished = true;
          controller.close();
        },
        async cancel() {
          await iterator.return?.(undefined);
        },
      });
      return { stream: output };
    },
  };
}

function toUsage(result: ChatResult): LanguageModelV4Usage {
  return {
    inputTokens: {
      total: result.usage.inputTokens,
      noCache: undefined,
      cacheRead: undefined,
      cacheWrite: undefined,
    },
    outputTokens: { total: result.usage.outputTokens, text: undefined, reasoning: undefined },
  };
}

function metadata(result: ChatResult) {
  return {
    requestId: result.id,
    model: result.model,
    provider: result.provider,
    location: result.location,
    taskClass: result.decision.taskClass,
    reason: result.decision.reason,
    fallbacks: result.fallbacks,
    costUsd: result.costUsd,
    latencyMs: result.latencyMs,
    warnings: result.warnings,
  };
}
