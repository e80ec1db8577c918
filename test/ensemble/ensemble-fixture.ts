import path from 'node:path';
import { type ConclaveConfigInput, configSchema } from '../../src/config/config-schema.js';
import type { TaskClass } from '../../src/core/task-class.js';
import { createEngine, type Engine } from '../../src/engine.js';
import { runEnsemble } from '../../src/orchestration/ensemble/ensemble.js';
import type { EnsembleInput } from '../../src/orchestration/ensemble/ensemble-input.js';
import type { EnsembleRun } from '../../src/orchestration/ensemble/ensemble-run.js';
import { createTempHome } from '../helpers/temp-home.js';
import { createScriptedModel, type ReceivedCall, type Script } from './scripted-models.js';

/** A member model: its catalog id, quality prior and price ($ per 1M input / output tokens). */
export interface MemberSpec {
  id: string;
  quality: number;
  price?: number;
  qualityByTask?: Partial<Record<TaskClass, number>>;
}

/** Cheap to expensive, weak to strong: what tests pick members from. */
export const MEMBERS: MemberSpec[] = [
  { id: 'llama-3.2-3b-instruct', quality: 0.55, price: 0.1 },
  { id: 'qwen2.5-7b-instruct', quality: 0.65, price: 0.3 },
  { id: 'mistral-7b-instruct-v0.3', quality: 0.6, price: 0.2 },
  { id: 'llama-3.1-8b-instruct', quality: 0.7, price: 0.5 },
  { id: 'llama-3.3-70b-instruct', quality: 0.9, price: 5 },
];

export interface EnsembleFixture {
  engine: Engine;
  received: ReceivedCall[];
  calls(kind?: ReceivedCall['kind']): ReceivedCall[];
  run(
    input: Omit<EnsembleInput, 'messages'> & { question?: string; messages?: EnsembleInput['messages'] },
  ): Promise<EnsembleRun>;
  count(sql: string, ...parameters: (string | number)[]): number;
  close(): Promise<void>;
}

/** An engine whose only models are scripted mocks (local, priced per MemberSpec), with a throwaway store. */
export async function createEnsembleFixture({
  script,
  members = MEMBERS,
  config = {},
}: {
  script: Script;
  members?: MemberSpec[];
  config?: ConclaveConfigInput;
}): Promise<EnsembleFixture> {
  const home = createTempHome('conclave-ensemble-');
  const engine = await createEngine({
    config: configSchema.parse({
      local: { demoModel: false },
      discovery: { ollama: false, localServers: false },
      retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 2 },
      ...config,
    }),
    discover: false,
    storeFile: path.join(home.path, 'conclave.db'),
    environment: { CONCLAVE_HOME: home.path },
    random: () => 0.5,
  });
  const received: ReceivedCall[] = [];
  for (const member of members) {
    const base = engine.profile(member.id);
    if (!base) throw new Error(`${member.id} is not in the catalog`);
    engine.registerModel(
      {
        ...base,
        available: true,
        unavailableReason: undefined,
        location: 'local',
        fallbacks: [],
        price: { inputPerMTok: member.price ?? 1, outputPerMTok: (member.price ?? 1) * 2 },
        quality: {
          general: member.quality,
          deep: member.quality,
          quick: member.quality,
          ...member.qualityByTask,
        },
      },
      createScriptedModel(member.id, script, received),
    );
  }
  return {
    engine,
    received,
    calls: (kind) => received.filter((call) => kind === undefined || call.kind === kind),
    run: ({ question = 'What is 2+2?', messages, ...input }) =>
      runEnsemble(engine.orchestration, {
        messages: messages ?? [{ role: 'user', content: question }],
        ...input,
      }),
    count: (sql, ...parameters) =>
      Number((engine.database.prepare(sql).get(...parameters) as { count: number }).count),
    async close() {
      await engine.close();
      home.cleanup();
    },
  };
}

/** A script from a table: model → reply for member answers; other call kinds go to `others`. */
export function answers(byModel: Record<string, string | { fail: string }>, others?: Script): Script {
  return (call) => {
    if (call.kind === 'answer') return byModel[call.model] ?? `no script for ${call.model}`;
    return others ? others(call) : 'unscripted';
  };
}
