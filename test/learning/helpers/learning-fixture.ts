import path from 'node:path';
import type { LanguageModelV4Prompt } from '@ai-sdk/provider';
import { type ConclaveConfigInput, configSchema } from '../../../src/config/config-schema.js';
import type { ChatRequest } from '../../../src/core/chat-request.js';
import type { ModelProfile } from '../../../src/core/model-profile.js';
import { createEngine, type Engine } from '../../../src/engine.js';
import { createTempHome } from '../../helpers/temp-home.js';
import { type ScriptedReply, scriptedModel, scriptedProfile } from './scripted-teacher.js';

export interface FixtureModel {
  id: string;
  reply: (prompt: LanguageModelV4Prompt, call: number) => ScriptedReply;
  profile?: Partial<ModelProfile>;
}

export interface LearningFixture {
  engine: Engine;
  storeFile: string;
  home: string;
  calls(model: string): number;
  close(): Promise<void>;
}

/** An engine on a temporary store with scripted models registered (no discovery, no demo model). */
export async function createLearningFixture({
  models,
  config = {},
  storeFile,
  random,
}: {
  models: FixtureModel[];
  config?: ConclaveConfigInput;
  /** Reuse a store (to reopen it as a second process would). */
  storeFile?: string;
  random?: () => number;
}): Promise<LearningFixture> {
  const home = createTempHome('conclave-learning-');
  const file = storeFile ?? path.join(home.path, 'conclave.db');
  const engine = await createEngine({
    config: configSchema.parse({
      ...config,
      local: { demoModel: false, ...config.local },
      discovery: { ollama: false, localServers: false },
      retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1, ...config.retry },
    }),
    discover: false,
    storeFile: file,
    environment: { CONCLAVE_HOME: home.path },
    random,
  });
  const counters = new Map<string, () => number>();
  for (const model of models) {
    const scripted = scriptedModel(model.id, model.reply);
    counters.set(model.id, scripted.calls);
    engine.registerModel(scriptedProfile(model.id, model.profile), scripted.model);
  }
  return {
    engine,
    storeFile: file,
    home: home.path,
    calls: (model) => counters.get(model)?.() ?? 0,
    async close() {
      await engine.close();
      home.cleanup();
    },
  };
}

export function ask(text: string, extra: Partial<ChatRequest> = {}): ChatRequest {
  return { prompt: [{ role: 'user', content: [{ type: 'text', text }] }], options: {}, ...extra };
}
