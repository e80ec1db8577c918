import type { LanguageModelV4 } from '@ai-sdk/provider';
import { configSchema } from '../../src/config/config-schema.js';
import type { ModelProfile } from '../../src/core/model-profile.js';
import { createEngine } from '../../src/engine.js';
import type { EvaluationEngine } from '../../src/learning/evaluation/runner/evaluation-engine.js';
import { createTempHome } from '../helpers/temp-home.js';

/**
 * A real engine (router, executor, store in memory) whose only routable models are the scripted ones.
 * Exploration is off so routing is deterministic.
 */
export async function createTestEngine(
  models: { profile: ModelProfile; model: LanguageModelV4 }[],
  config: Record<string, unknown> = {},
) {
  const home = createTempHome('conclave-eval-');
  const routing = (config.routing ?? {}) as Record<string, unknown>;
  const engine = await createEngine({
    config: configSchema.parse({
      ...config,
      routing: { exploration: 0, allow: models.map((entry) => entry.profile.id), ...routing },
      retry: { maxAttempts: 1 },
    }),
    discover: false,
    storeFile: ':memory:',
    environment: { CONCLAVE_HOME: home.path },
  });
  for (const entry of models) engine.registerModel(entry.profile, entry.model);
  const evaluationEngine: EvaluationEngine = {
    stream: engine.stream,
    generate: engine.generate,
    route: engine.route,
    profile: engine.profile,
    profiles: engine.catalog,
  };
  return {
    engine,
    evaluationEngine,
    home: home.path,
    async close() {
      await engine.close();
      home.cleanup();
    },
  };
}
