import type { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv, AppOptions } from '../create-app.js';
import { readJsonBody } from '../read-json-body.js';

const embeddingsSchema = z.object({
  model: z.string().min(1).default('auto'),
  input: z.union([z.string(), z.array(z.string()).min(1).max(2048)]),
  dimensions: z.number().int().positive().optional(),
  encoding_format: z.enum(['float', 'base64']).optional(),
});

/** `POST /v1/embeddings`, routed to embedding-capable models only. */
export function registerEmbeddingsRoute(app: Hono<AppEnv>, { engine, maxBodyBytes }: AppOptions): void {
  app.post('/v1/embeddings', async (context) => {
    const body = await readJsonBody(context, embeddingsSchema, maxBodyBytes);
    const values = typeof body.input === 'string' ? [body.input] : body.input;
    const result = await engine.embed({
      model: body.model,
      values,
      dimensions: body.dimensions,
      consent: /^(external|true|yes)$/i.test(context.req.header('x-conclave-consent') ?? ''),
      apiKeyId: context.get('apiKey')?.id,
      signal: context.req.raw.signal,
    });
    return context.json(
      {
        object: 'list',
        data: result.embeddings.map((embedding, index) => ({
          object: 'embedding',
          index,
          embedding:
            body.encoding_format === 'base64'
              ? Buffer.from(new Float32Array(embedding).buffer).toString('base64')
              : embedding,
        })),
        model: result.profile.id,
        usage: { prompt_tokens: result.tokens, total_tokens: result.tokens },
        conclave: {
          request_id: result.id,
          model: result.profile.id,
          provider: result.profile.provider,
          location: result.profile.location,
          fallbacks: result.fallbacks,
          cost_usd: result.costUsd,
        },
      },
      200,
      {
        'x-conclave-model': result.profile.id,
        'x-conclave-location': result.profile.location,
        'x-conclave-provider': result.profile.provider,
      },
    );
  });
}
