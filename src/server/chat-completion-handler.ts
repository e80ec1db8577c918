import { ConclaveError } from '../core/conclave-error.js';
import type { Engine } from '../engine.js';
import type { ApiKeyRecord } from '../store/api-keys.js';
import type { FairQueue } from './fair-queue.js';
import { type GatewayReply, jsonReply } from './gateway-reply.js';
import type { KeyLimits } from './key-limits.js';
import type { ChatCompletionBody } from './openai/chat-completion-schema.js';
import { conclaveHeaders } from './openai/conclave-metadata.js';
import { prepareSse } from './openai/stream-to-sse.js';
import { toChatCompletion } from './openai/to-chat-completion.js';
import { type HeaderReader, toChatRequest } from './openai/to-chat-request.js';

export interface ChatCompletionHandlerOptions {
  engine: Engine;
  queue: FairQueue;
  limits: KeyLimits;
  isDraining?: () => boolean;
}

/**
 * `POST /v1/chat/completions` independent of the HTTP framework: key limits, fair queuing, the engine,
 * and the OpenAI JSON or SSE reply. Both the Hono route and the gateway's fast path call it.
 */
export function createChatCompletionHandler({
  engine,
  queue,
  limits,
  isDraining,
}: ChatCompletionHandlerOptions) {
  return async ({
    body,
    headers,
    apiKey,
    signal,
  }: {
    body: ChatCompletionBody;
    headers: HeaderReader;
    apiKey: ApiKeyRecord | undefined;
    signal: AbortSignal;
  }): Promise<GatewayReply> => {
    if (isDraining?.())
      throw new ConclaveError('overloaded', 'The gateway is shutting down.', { retryAfterMs: 1_000 });
    const request = toChatRequest(body, { headers, apiKeyId: apiKey?.id, signal });
    const n = body.n ?? 1;
    // Only keyed requests are metered (the estimate serialises the messages); n choices spend ~n times as much.
    const estimatedTokens = apiKey
      ? n * (Math.ceil(JSON.stringify(body.messages).length / 4) + (request.options.maxOutputTokens ?? 512))
      : 0;
    if (apiKey) limits.admit(apiKey, estimatedTokens);
    const release = await queue.acquire(apiKey?.id ?? 'anonymous', signal);
    const settle = (tokens: number, costUsd: number) => {
      if (apiKey) limits.settle(apiKey, { estimatedTokens, actualTokens: tokens, costUsd });
    };
    if (body.stream) {
      // n > 1: n runs of the same request, streamed as choices 0..n-1.
      const runs: ReturnType<typeof engine.stream>[] = [];
      try {
        for (let index = 0; index < n; index += 1) runs.push(engine.stream(request));
      } catch (error) {
        release();
        throw error;
      }
      // The queue slot is held until every stream ends (or the client goes away).
      Promise.allSettled(runs.map((running) => running.result))
        .then((outcomes) => {
          const results = outcomes.flatMap((outcome) =>
            outcome.status === 'fulfilled' ? [outcome.value] : [],
          );
          settle(
            results.reduce((sum, result) => sum + result.usage.totalTokens, 0),
            results.reduce((sum, result) => sum + result.costUsd, 0),
          );
        })
        .finally(release);
      return prepareSse(runs, {
        includeUsage: body.stream_options?.include_usage === true,
        id: runs[0]!.id,
      });
    }
    try {
      const results =
        n === 1
          ? [await engine.generate(request)]
          : await Promise.all(Array.from({ length: n }, () => engine.generate(request)));
      const costUsd = results.reduce((sum, result) => sum + result.costUsd, 0);
      settle(
        results.reduce((sum, result) => sum + result.usage.totalTokens, 0),
        costUsd,
      );
      return jsonReply(200, toChatCompletion(results), conclaveHeaders({ ...results[0]!, costUsd }));
    } finally {
      release();
    }
  };
}
