import type { Hono } from 'hono';
import type { AppEnv, AppOptions } from '../create-app.js';

const VIRTUAL_MODELS = [
  {
    id: 'auto',
    description: 'Conclave chooses the best model for each request (balanced objective by default)',
  },
  { id: 'auto:quality', description: 'Conclave chooses the highest-quality eligible model' },
  { id: 'auto:cost', description: 'Conclave chooses the cheapest capable model' },
  { id: 'auto:speed', description: 'Conclave chooses the fastest capable model' },
];

/** Real available models plus virtual routed ones (auto, auto:quality, auto:cost, auto:speed). */
export function registerModelsRoute(app: Hono<AppEnv>, { engine }: AppOptions): void {
  app.get('/v1/models', (context) => {
    const created = Math.floor(Date.now() / 1000);
    const real = engine
      .catalog()
      .filter((profile) => profile.available)
      .map((profile) => ({
        id: profile.id,
        object: 'model',
        created,
        owned_by: profile.provider,
        conclave: {
          name: profile.name,
          location: profile.location,
          context_window: profile.contextWindow,
          price_per_mtok: { input: profile.price.inputPerMTok, output: profile.price.outputPerMTok },
          strengths: profile.strengths,
          specialist: profile.specialist ?? null,
          supports: profile.supports,
        },
      }));
    const virtual = [...VIRTUAL_MODELS, ...engine.virtualModels()].map((model) => ({
      id: model.id,
      object: 'model',
      created,
      owned_by: 'conclave',
      conclave: { virtual: true, description: model.description },
    }));
    return context.json({ object: 'list', data: [...virtual, ...real] });
  });
}
