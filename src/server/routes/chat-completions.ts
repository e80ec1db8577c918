import type { Hono } from 'hono';
import { ConclaveError } from '../../core/conclave-error.js';
import type { AppEnv, AppOptions } from '../create-app.js';
import { chatCompletionSchema } from '../openai/chat-completion-schema.js';
import { conclaveHeaders } from '../openai/conclave-metadata.js';
import { streamToSse } from '../openai/stream-to-sse.js';
import { toChatCompletion } from '../openai/to-chat-completion.js';
import { toChatRequest } from '../openai/to-chat-request.js';
import { readJsonBody } from '../read-json-body.js';

export function registerChatRoute(
  app: Hono<AppEnv>,
  { engine, queue, limits, maxBodyBytes, isDraining }: AppOptions,
): void {
  app.post('/v1/chat/completions', async (context) => {
    if (isDraining?.())
      throw new ConclaveError('overloaded', 'The gateway is shutting down.', { retryAfterMs: 1_000 });
    const body = await readJsonBody(context, chatCompletionSchema, maxBodyBytes);
    const apiKey = context.get('apiKey');
    const signal = context.req.raw.signal;
    const request = toChatRequest(body, { headers: context.req.raw.headers, apiKeyId: apiKey?.id, signal });
    const estimatedTokens =
      Math.ceil(JSON.stringify(body.messages).length / 4) + (request.options.maxOutputTokens ?? 512);
    if (apiKey) limits.admit(apiKey, estimatedTokens);
    const release = await queue.acquire(apiKey?.id ?? 'anonymous', signal);
    const settle = (tokens: number, costUsd: number) => {
      if (apiKey) limits.settle(apiKey, { estimatedTokens, actualTokens: tokens, costUsd });
    };
    const n = body.n ?? 1;
    if (body.stream) {
      let running: ReturnType<typeof engine.stream>;
      try {
        if (n > 1)
          throw new ConclaveError('bad-request', 'n > 1 is not supported with stream: true.', {
            param: 'n',
            hint: 'Stream one choice, or set stream: false.',
          });
        running = engine.stream(request);
      } catch (error) {
        release();
        throw error;
      }
      // The queue slot is held until the stream ends (or the client goes away).
      running.result
        .then(
          (result) => settle(result.usage.totalTokens, result.costUsd),
          () => settle(0, 0),
        )
        .finally(release);
      return streamToSse(running, {
        includeUsage: body.stream_options?.include_usage === true,
        id: running.id,
      });
    }
    try {
      const results = await Promise.all(Array.from({ length: n }, () => engine.generate(request)));
      const costUsd = results.reduce((sum, result) => sum + result.costUsd, 0);
      settle(
        results.reduce((sum, result) => sum + result.usage.totalTokens, 0),
        costUsd,
      );
      return context.json(toChatCompletion(results), 200, conclaveHeaders({ ...results[0]!, costUsd }));
    } finally {
      release();
    }
  });
}
