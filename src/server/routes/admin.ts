import type { Hono } from 'hono';
import type { AppEnv, AppOptions } from '../create-app.js';

/** Admin routes (need the admin key once keys exist): health, circuits, evidence reload, recent requests. */
export function registerAdminRoutes(app: Hono<AppEnv>, { engine, queue }: AppOptions): void {
  app.get('/admin/health', (context) =>
    context.json({
      circuits: engine.breakers.snapshot(),
      models: engine.health.snapshot(),
      queue: queue.stats(),
      warnings: engine.warnings,
    }),
  );
  app.post('/admin/circuits/reset', (context) => {
    engine.breakers.reset();
    return context.json({ reset: true });
  });
  app.post('/admin/evidence/reload', (context) => {
    engine.reloadEvidence();
    return context.json({ reloaded: true, file: engine.evidenceFilePath });
  });
  app.get('/admin/requests', (context) => {
    const limit = Math.min(1_000, Math.max(1, Number(context.req.query('limit') ?? 50) || 50));
    const since = context.req.query('since');
    return context.json({
      object: 'list',
      data: engine.requestLog.query({
        model: context.req.query('model') || undefined,
        since: since ? Number(since) : undefined,
        limit,
      }),
    });
  });
}
