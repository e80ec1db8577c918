import path from 'node:path';
import { orchestrationContextOf } from '../../src/cli/commands/council.js';
import { type ConclaveConfigInput, configSchema } from '../../src/config/config-schema.js';
import { createEngine, type Engine } from '../../src/engine.js';
import type { OrchestrationContext } from '../../src/orchestration/orchestration-context.js';
import { createTempHome } from '../helpers/temp-home.js';
import { createScriptedModel, type ReceivedCall, type Reply, type Script } from './scripted-model.js';

/** Every model the built-in archetypes rotate through. */
export const ROTATION_MODELS = [
  'mistral-7b-instruct-v0.3',
  'qwen2.5-7b-instruct',
  'llama-3.1-8b-instruct',
  'llama-3.2-3b-instruct',
  'phi-3.5-mini-instruct',
  'gemma-2-9b-it',
  'mistral-nemo-instruct-2407',
];

/** The strongest registered model, so the default chairman. */
export const CHAIRMAN = 'llama-3.3-70b-instruct';

export interface CouncilFixture {
  engine: Engine;
  context: OrchestrationContext;
  received: ReceivedCall[];
  storeFile: string;
  callsOf(kind: ReceivedCall['kind']): ReceivedCall[];
  close(): Promise<void>;
}

/** The archetype a call was made for, read from its role prompt ("You are the Strategist of …"). */
export function memberOf(call: ReceivedCall): string {
  const title = /You are the (.+?) of a council/.exec(call.system)?.[1] ?? 'unknown';
  return title.toLowerCase().replace(/ /g, '_');
}

/** Default ranking taste of every reviewer: engineer > designer > strategist > anything else, by answer text. */
export const PREFERENCE = ['engineer', 'designer', 'strategist', 'architect', 'philosopher'];

export function rankByPreference(call: ReceivedCall): string {
  const score = (text: string) => {
    const index = PREFERENCE.findIndex((member) => text.toLowerCase().startsWith(member));
    return index < 0 ? PREFERENCE.length : index;
  };
  const order = [...call.labels.entries()].sort((left, right) => score(left[1]) - score(right[1]));
  return `Thoughtful critique.\n\nFINAL RANKING:\n${order.map(([label], index) => `${index + 1}. Response ${label}`).join('\n')}`;
}

/** Replies that say who answered on which model, strict rankings, and a synthesis naming the chairman. */
export function defaultScript(overrides: Partial<Record<ReceivedCall['kind'], Script>> = {}): Script {
  return (call) => {
    const override = overrides[call.kind];
    if (override) return override(call);
    switch (call.kind) {
      case 'answer':
        return `${memberOf(call)} answer from ${call.model}`;
      case 'revision':
        return `${memberOf(call)} revised answer (${/^Round (\d+)/.exec(call.lastUser)?.[1]}) from ${call.model}`;
      case 'review':
        return rankByPreference(call);
      case 'synthesis':
        return `Synthesis by ${call.model}`;
    }
  };
}

/**
 * An engine whose rotation models (and a strong chairman) are scripted mocks, registered as available local
 * models priced at $1/$2 per million tokens (override per model with `prices`).
 */
export async function createCouncilFixture({
  script = defaultScript(),
  config = {},
  prices = {},
  unavailable = [],
}: {
  script?: Script;
  config?: ConclaveConfigInput;
  prices?: Record<string, { inputPerMTok: number; outputPerMTok: number }>;
  unavailable?: string[];
} = {}): Promise<CouncilFixture> {
  const home = createTempHome('conclave-council-');
  const storeFile = path.join(home.path, 'conclave.db');
  const engine = await createEngine({
    config: configSchema.parse({
      local: { demoModel: false },
      discovery: { ollama: false, localServers: false },
      retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 2 },
      ...config,
    }),
    discover: false,
    storeFile,
    environment: { CONCLAVE_HOME: home.path },
    random: () => 0.5,
  });
  const received: ReceivedCall[] = [];
  for (const id of [...ROTATION_MODELS, CHAIRMAN]) {
    if (unavailable.includes(id)) continue;
    const base = engine.profile(id);
    if (!base) throw new Error(`${id} is not in the catalog`);
    engine.registerModel(
      {
        ...base,
        available: true,
        unavailableReason: undefined,
        location: 'local',
        fallbacks: [],
        price: prices[id] ?? { inputPerMTok: 1, outputPerMTok: 2 },
        quality: { general: id === CHAIRMAN ? 0.95 : 0.6 },
      },
      createScriptedModel(id, script, received),
    );
  }
  return {
    engine,
    context: orchestrationContextOf(engine),
    received,
    storeFile,
    callsOf: (kind) => received.filter((call) => call.kind === kind),
    async close() {
      await engine.close();
      home.cleanup();
    },
  };
}

export type { Reply };
