import { Hono } from 'hono';
import { ConclaveError } from '../core/conclave-error.js';
import type { Engine } from '../engine.js';
import type { ApiKeyRecord, ApiKeyStore } from '../store/api-keys.js';
import { authenticate } from './authenticate.js';
import type { FairQueue } from './fair-queue.js';
import { errorReply, toResponse } from './gateway-reply.js';
import type { KeyLimits } from './key-limits.js';
import { registerAdminRoutes } from './routes/admin.js';
import { registerChatRoute } from './routes/chat-completions.js';
import { registerEmbeddingsRoute } from './routes/embeddings.js';
import { registerFeedbackRoute } from './routes/feedback.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerModelsRoute } from './routes/models.js';

export interface AppOptions {
  engine: Engine;
  keys: ApiKeyStore;
  limits: KeyLimits;
  queue: FairQueue;
  maxBodyBytes: number;
  adminKey?: string;
  /** Set while draining for shutdown: /readyz answers 503 and new requests are refused. */
  isDraining?: () => boolean;
}

export type AppEnv = { Variables: { apiKey: ApiKeyRecord | undefined; admin: boolean } };

/** The gateway's HTTP app: OpenAI-compatible routes plus health, all errors in OpenAI's error shape. */
export function createApp(options: AppOptions) {
  const app = new Hono<AppEnv>();
  app.onError((error) => toResponse(errorReply(error)));
  app.notFound((context) => {
    const path = new URL(context.req.url).pathname;
    return toResponse(
      errorReply(
        new ConclaveError('not-found', `No route for ${context.req.method} ${path}.`, {
          hint: 'Conclave serves /v1/chat/completions, /v1/embeddings, /v1/models, /v1/feedback, /healthz and /readyz.',
        }),
      ),
    );
  });
  registerHealthRoutes(app, options);
  app.use('/v1/*', authenticate(options));
  app.use('/admin/*', authenticate({ ...options, requireAdmin: true }));
  registerModelsRoute(app, options);
  registerChatRoute(app, options);
  registerEmbeddingsRoute(app, options);
  registerFeedbackRoute(app, options);
  registerAdminRoutes(app, options);
  return app;
}

export type ConclaveApp = ReturnType<typeof createApp>;
