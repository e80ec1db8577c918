import type { Hono } from 'hono';
import { createChatCompletionHandler } from '../chat-completion-handler.js';
import type { AppEnv, AppOptions } from '../create-app.js';
import { toResponse } from '../gateway-reply.js';
import { chatCompletionSchema } from '../openai/chat-completion-schema.js';
import { readJsonBody } from '../read-json-body.js';

export function registerChatRoute(app: Hono<AppEnv>, options: AppOptions): void {
  const handle = createChatCompletionHandler(options);
  app.post('/v1/chat/completions', async (context) => {
    const body = await readJsonBody(context, chatCompletionSchema, options.maxBodyBytes);
    const reply = await handle({
      body,
      headers: context.req.raw.headers,
      apiKey: context.get('apiKey'),
      signal: context.req.raw.signal,
    });
    return toResponse(reply);
  });
}
