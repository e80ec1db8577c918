import { type ConclaveConfigInput, configSchema } from '../../src/config/config-schema.js';
import type { LatencyClass, ModelProfile } from '../../src/core/model-profile.js';
import type { TaskClass } from '../../src/core/task-class.js';
import { createEngine, type Engine } from '../../src/engine.js';
import type { OrchestrationContext } from '../../src/orchestration/orchestration-context.js';
import { createTempHome } from '../helpers/temp-home.js';
import { createScriptedModel, type ScriptedCall, type ScriptedReply } from './scripted-model.js';

export interface TestModel {
  id: string;
  quality: Partial<Record<TaskClass, number>>;
  latency: { class: LatencyClass; ttftMs: number; tokensPerSec: number };
  specialist?: TaskClass;
  location?: 'local' | 'external';
}

/**
 * Four local models with distinct strengths, so each phase's needs pick a different one:
 * swift (fastest), coder (code specialist), judge (best general/deep/analysis quality, slow), muse (creative).
 */
export const TEST_MODELS: TestModel[] = [
  {
    id: 'swift',
    quality: { general: 0.8, code: 0.85, quick: 0.8 },
    latency: { class: 'instant', ttftMs: 50, tokensPerSec: 400 },
  },
  {
    id: 'coder',
    quality: { general: 0.85, code: 0.95 },
    latency: { class: 'standard', ttftMs: 800, tokensPerSec: 60 },
    specialist: 'code',
  },
  {
    id: 'judge',
    quality: { general: 0.9, code: 0.9, deep: 0.9, analysis: 0.9 },
    latency: { class: 'deliberate', ttftMs: 2_000, tokensPerSec: 30 },
  },
  {
    id: 'muse',
    quality: { general: 0.8, creative: 0.95 },
    latency: { class: 'standard', ttftMs: 700, tokensPerSec: 60 },
  },
];

/** Which phase a call is for, read from its system prompt ("You are the review phase …"). */
export function phaseOf(call: ScriptedCall): string {
  return /You are the (\w+) phase/.exec(call.system)?.[1] ?? 'custom';
}

/** The default answer: "<phase> by <model>", and a passing verdict for validation. */
export function defaultReply(call: ScriptedCall): ScriptedReply {
  const phase = phaseOf(call);
  return phase === 'validation' ? `VERDICT: PASS\n- checked by ${call.model}` : `${phase} by ${call.model}`;
}

export interface PipelineEngine {
  engine: Engine;
  context: OrchestrationContext;
  calls: ScriptedCall[];
  callsTo(model: string): ScriptedCall[];
  /** The call that ran a phase (the successful one when there were several). */
  callFor(phase: string): ScriptedCall | undefined;
  close(): Promise<void>;
}

export async function createPipelineEngine({
  models = TEST_MODELS,
  respond,
  config = {},
}: {
  models?: TestModel[];
  /** Per-call override; return undefined for the default reply. */
  respond?: (call: ScriptedCall) => ScriptedReply | undefined;
  config?: ConclaveConfigInput;
} = {}): Promise<PipelineEngine> {
  const home = createTempHome('conclave-pipeline-');
  const parsed = configSchema.parse({
    ...config,
    local: { demoModel: false },
    discovery: { ollama: false, localServers: false },
    routing: { exploration: 0, ...config.routing },
    retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 5, ...config.retry },
  });
  const engine = await createEngine({
    config: parsed,
    discover: false,
    storeFile: ':memory:',
    environment: { CONCLAVE_HOME: home.path },
    random: () => 0.5,
  });
  const calls: ScriptedCall[] = [];
  for (const model of models) {
    const script = (call: ScriptedCall) => respond?.(call) ?? defaultReply(call);
    engine.registerModel(profileOf(model), createScriptedModel(model.id, script, calls));
  }
  return {
    engine,
    context: engine.orchestration,
    calls,
    callsTo: (model) => calls.filter((call) => call.model === model),
    callFor: (phase) => calls.filter((call) => phaseOf(call) === phase && call.finishedAt).at(-1),
    async close() {
      await engine.close();
      home.cleanup();
    },
  };
}

function profileOf(model: TestModel): ModelProfile {
  return {
    id: model.id,
    name: model.id,
    provider: 'scripted',
    providerModelId: model.id,
    location: model.location ?? 'local',
    license: 'permissive',
    contextWindow: 32_768,
    price: { inputPerMTok: 1, outputPerMTok: 2 },
    latency: model.latency,
    strengths: [],
    weaknesses: [],
    quality: model.quality,
    supports: { streaming: true, tools: true, vision: false, json: true, embeddings: false, prefill: true },
    specialist: model.specialist,
    available: true,
  };
}
