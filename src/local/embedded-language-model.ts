import { randomUUID } from 'node:crypto';
import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4Content,
  LanguageModelV4StreamPart,
} from '@ai-sdk/provider';
import { ConclaveError } from '../core/conclave-error.js';
import type { PreparedLlamaGeneration } from './llama-generation.js';

export const EMBEDDED_PROVIDER_ID = 'conclave.local';

export interface EmbeddedLanguageModelOptions {
  modelId: string;
  /** Loads the model and reserves a sequence; throws before any output when the request cannot run. */
  prepare: (options: LanguageModelV4CallOptions) => Promise<PreparedLlamaGeneration>;
}

function toCancelled(modelId: string, reason: unknown): ConclaveError {
  if (ConclaveError.is(reason)) return reason;
  return new ConclaveError('cancelled', `Generation with ${modelId} was cancelled.`, {
    cause: reason,
    model: modelId,
  });
}

/**
 * The AI SDK face of one local model. Preparation (load, queue, prompt checks) happens inside doStream
 * before the stream is returned, so those failures are thrown and retry/fallback can still act; once
 * output has started, a failure ends the stream with an `error` part instead of a normal `finish`.
 */
export function createEmbeddedLanguageModel({
  modelId,
  prepare,
}: EmbeddedLanguageModelOptions): LanguageModelV4 {
  const metadata = () => ({ id: `local-${randomUUID()}`, timestamp: new Date(), modelId });

  const prepareOrCancel = async (options: LanguageModelV4CallOptions) => {
    try {
      return await prepare(options);
    } catch (error) {
      if (options.abortSignal?.aborted) throw toCancelled(modelId, error);
      throw error;
    }
  };

  return {
    specificationVersion: 'v4',
    provider: EMBEDDED_PROVIDER_ID,
    modelId,
    supportedUrls: {},

    async doGenerate(options) {
      const generation = await prepareOrCancel(options);
      try {
        const signal = options.abortSignal;
        const result = await generation.run(signal === undefined ? {} : { signal });
        const content: LanguageModelV4Content[] = [];
        if (result.reasoning.length > 0) content.push({ type: 'reasoning', text: result.reasoning });
        if (result.text.length > 0 || result.toolCalls.length === 0)
          content.push({ type: 'text', text: result.text });
        for (const call of result.toolCalls) content.push({ type: 'tool-call', ...call });
        return {
          content,
          finishReason: result.finishReason,
          usage: result.usage,
          warnings: generation.warnings,
          response: metadata(),
        };
      } finally {
        generation.release();
      }
    },

    async doStream(options) {
      const generation = await prepareOrCancel(options);
      // Cancelling the stream (a client went away) must stop the generation too.
      const controller = new AbortController();
      const stopOnCallerAbort = () => controller.abort(options.abortSignal?.reason);
      options.abortSignal?.addEventListener('abort', stopOnCallerAbort, { once: true });
      if (options.abortSignal?.aborted) stopOnCallerAbort();
      let openPart: { type: 'text' | 'reasoning'; id: string } | undefined;
      let partCount = 0;
      let readerGone = false;

      const stream = new ReadableStream<LanguageModelV4StreamPart>({
        start(sink) {
          // After the reader cancels, the sink rejects writes; late callbacks must not throw.
          const emit = (part: LanguageModelV4StreamPart) => {
            if (!readerGone) sink.enqueue(part);
          };
          const close = () => {
            if (!readerGone) sink.close();
          };
          emit({ type: 'stream-start', warnings: generation.warnings });
          emit({ type: 'response-metadata', ...metadata() });
          const closeOpenPart = () => {
            if (openPart !== undefined) emit({ type: `${openPart.type}-end`, id: openPart.id });
            openPart = undefined;
          };
          generation
            .run({
              signal: controller.signal,
              onDelta: ({ kind, delta }) => {
                if (controller.signal.aborted) return;
                if (openPart?.type !== kind) {
                  closeOpenPart();
                  openPart = { type: kind, id: String(partCount++) };
                  emit({ type: `${kind}-start`, id: openPart.id });
                }
                emit({ type: `${kind}-delta`, id: openPart.id, delta });
              },
            })
            .then(
              (result) => {
                closeOpenPart();
                for (const call of result.toolCalls) {
                  emit({ type: 'tool-input-start', id: call.toolCallId, toolName: call.toolName });
                  emit({ type: 'tool-input-delta', id: call.toolCallId, delta: call.input });
                  emit({ type: 'tool-input-end', id: call.toolCallId });
                  emit({ type: 'tool-call', ...call });
                }
                emit({ type: 'finish', finishReason: result.finishReason, usage: result.usage });
                close();
              },
              (error: unknown) => {
                emit({
                  type: 'error',
                  error: controller.signal.aborted ? toCancelled(modelId, error) : error,
                });
                close();
              },
            )
            .finally(() => {
              options.abortSignal?.removeEventListener('abort', stopOnCallerAbort);
              generation.release();
            });
        },
        cancel(reason) {
          readerGone = true;
          controller.abort(reason);
        },
      });
      return { stream };
    },
  };
}
