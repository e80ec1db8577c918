import type { Hono } from 'hono';
import type { AppEnv, AppOptions } from '../create-app.js';

/** Liveness (`/healthz`) and readiness (`/readyz`: at least one model available and not draining). */
export function registerHealthRoutes(app: Hono<AppEnv>, { engine, isDraining, queue }: AppOptions): void {
  app.get('/healthz', (context) => context.json({ status: 'ok' }));
  app.get('/readyz', (context) => {
    const available = engine.catalog().filter((profile) => profile.available).length;
    const draining = isDraining?.() ?? false;
    const ready = available > 0 && !draining;
    return context.json(
      {
        status: ready ? 'ready' : draining ? 'draining' : 'no models available',
        models_available: available,
        ...queue.stats(),
      },
      ready ? 200 : 503,
    );
  });
}
