import { randomUUID } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/config-schema.js';
import type { ExperimentMetric } from '../../src/config/sections/learning.js';
import { createSeededRandom as seededRandom } from '../../src/core/sampling.js';
import { hashUnit, weightedArm } from '../../src/learning/experiments/choose-arm.js';
import { defineExperiment } from '../../src/learning/experiments/define-experiment.js';
import {
  experimentReport,
  formatExperimentReport,
} from '../../src/learning/experiments/experiment-report.js';
import { createExperimentRunner, matchesModel } from '../../src/learning/experiments/experiment-runner.js';
import { createExperimentStore } from '../../src/learning/experiments/experiment-store.js';
import { sampleBeta, wilsonInterval } from '../../src/learning/experiments/posterior.js';
import { openDatabase } from '../../src/store/open-database.js';
import { ask, createLearningFixture, type LearningFixture } from './helpers/learning-fixture.js';

const settings = (input: Record<string, unknown> = {}) =>
  configSchema.parse({ learning: { experiments: input } }).learning.experiments;
const knownModels = (id: string) =>
  ['good', 'bad', 'ft', 'base'].includes(id) ? ({ id } as never) : undefined;

describe('experiments through the engine: sticky assignment', () => {
  let fixture: LearningFixture | undefined;
  afterEach(async () => {
    await fixture?.close();
    fixture = undefined;
  });

  it('each session keeps its arm for every request; both arms get traffic; uncovered requests are untouched', async () => {
    fixture = await createLearningFixture({
      models: [
        { id: 'ft', reply: () => 'from ft' },
        { id: 'base', reply: () => 'from base' },
        { id: 'other', reply: () => 'from other' },
      ],
      config: { learning: { experiments: { refreshMs: 1 } } },
    });
    const { engine } = fixture;
    defineExperiment(engine.database, engine.profile, {
      name: 'ft-vs-base',
      arms: ['ft', 'base'],
      allocation: 'static',
      metric: 'feedback',
      matchModels: ['base'],
      matchTasks: [],
      traffic: 1,
    });
    const armsBySession = new Map<string, Set<string>>();
    for (let session = 0; session < 30; session += 1) {
      for (let turn = 0; turn < 3; turn += 1) {
        const result = await engine.generate(
          ask(`turn ${turn}`, { model: 'base', sessionId: `s${session}` }),
        );
        armsBySession.set(`s${session}`, (armsBySession.get(`s${session}`) ?? new Set()).add(result.model));
      }
    }
    expect([...armsBySession.values()].every((arms) => arms.size === 1)).toBe(true);
    const perArm = [...armsBySession.values()].map((arms) => [...arms][0]);
    expect(perArm.filter((arm) => arm === 'ft').length).toBeGreaterThan(5);
    expect(perArm.filter((arm) => arm === 'base').length).toBeGreaterThan(5);
    expect(engine.database.prepare('SELECT COUNT(*) AS n FROM experiment_observations').get()).toEqual({
      n: 90,
    });
    expect(engine.database.prepare('SELECT COUNT(*) AS n FROM experiment_assignments').get()).toEqual({
      n: 30,
    });
    // Not covered: another model, internal sessions, orchestration members.
    expect((await engine.generate(ask('hi', { model: 'other', sessionId: 's1' }))).model).toBe('other');
    for (let index = 0; index < 10; index += 1) {
      expect(
        (await engine.generate(ask('judge this', { model: 'base', sessionId: 'conclave:judge' }))).model,
      ).toBe('base');
      expect((await engine.generate(ask('member', { model: 'base', parentId: 'run-1' }))).model).toBe('base');
    }
    engine.requestLog.flush();
    const experiment = createExperimentStore(engine.database).get('ft-vs-base');
    const report = experimentReport(engine.database, experiment, { minSamples: 5, random: seededRandom(1) });
    expect(report.arms.map((arm) => arm.completed).reduce((sum, count) => sum + count, 0)).toBe(90);
    expect(report.arms.every((arm) => arm.successRate === 1 && arm.costMean! > 0)).toBe(true);
  });

  it('promote sends all matching traffic to the winner; stop returns routing to normal', async () => {
    fixture = await createLearningFixture({
      models: [
        { id: 'ft', reply: () => 'ft' },
        { id: 'base', reply: () => 'base' },
      ],
      config: { learning: { experiments: { refreshMs: 1 } } },
    });
    const { engine } = fixture;
    const experiment = defineExperiment(engine.database, engine.profile, {
      name: 'ab',
      arms: ['ft', 'base'],
      weights: [1, 1],
      allocation: 'static',
      metric: 'success',
      matchModels: ['base'],
      matchTasks: [],
      traffic: 1,
    });
    const store = createExperimentStore(engine.database);
    store.setStatus(experiment.id, 'promoted', 'ft');
    engine.experiments.invalidate();
    for (let session = 0; session < 8; session += 1)
      expect((await engine.generate(ask('hi', { model: 'base', sessionId: `p${session}` }))).model).toBe(
        'ft',
      );
    store.setStatus(experiment.id, 'stopped', 'ft');
    engine.experiments.invalidate();
    for (let session = 0; session < 8; session += 1)
      expect((await engine.generate(ask('hi', { model: 'base', sessionId: `p${session}` }))).model).toBe(
        'base',
      );
  });

  it('task matching covers only requests of those task classes', async () => {
    fixture = await createLearningFixture({
      models: [
        { id: 'ft', reply: () => 'ft' },
        { id: 'base', reply: () => 'base', profile: { quality: { general: 0.9, code: 0.9 } } },
      ],
      config: { learning: { experiments: { refreshMs: 1 } } },
    });
    const { engine } = fixture;
    defineExperiment(engine.database, engine.profile, {
      name: 'code-only',
      arms: ['ft', 'base'],
      weights: [1, 0.000001],
      allocation: 'static',
      metric: 'feedback',
      matchModels: [],
      matchTasks: ['code'],
      traffic: 1,
    });
    expect(
      (await engine.generate(ask('Please debug this function, it throws', { sessionId: 'x1' }))).model,
    ).toBe('ft');
    expect((await engine.generate(ask('Write a poem about the sea', { sessionId: 'x2' }))).model).not.toBe(
      'ft',
    );
  });
});

describe('allocation', () => {
  it('static weights: sticky and proportional', () => {
    const experiment = {
      id: 'e',
      arms: [
        { model: 'a', weight: 9 },
        { model: 'b', weight: 1 },
      ],
    } as Parameters<typeof weightedArm>[0];
    const arms = Array.from({ length: 4_000 }, (_, index) => weightedArm(experiment, hashUnit(`e:${index}`)));
    const share = arms.filter((arm) => arm === 'a').length / arms.length;
    expect(share).toBeGreaterThan(0.87);
    expect(share).toBeLessThan(0.93);
    expect(weightedArm(experiment, hashUnit('e:42'))).toBe(arms[42]);
  });

  it('matches auto, auto:<objective> and explicit models', () => {
    expect(matchesModel(['auto'], undefined)).toBe(true);
    expect(matchesModel(['auto'], 'auto:cost')).toBe(true);
    expect(matchesModel(['auto'], 'gpt-4o')).toBe(false);
    expect(matchesModel(['gpt-4o'], 'conclave/gpt-4o')).toBe(true);
    expect(matchesModel([], 'anything')).toBe(true);
  });

  it('Beta sampling and Wilson intervals are sane', () => {
    const random = seededRandom(7);
    const draws = Array.from({ length: 5_000 }, () => sampleBeta(30, 10, random));
    expect(draws.reduce((sum, value) => sum + value, 0) / draws.length).toBeCloseTo(0.75, 2);
    const interval = wilsonInterval(45, 100)!;
    expect(interval.low).toBeCloseTo(0.3561, 3);
    expect(interval.high).toBeCloseTo(0.5476, 3);
  });
});

/**
 * The simulation: every new session is assigned by the runner (Thompson sampling over the store), its outcome
 * is written where the gateway would write it (request log row, feedback row), and allocation must move to
 * the better arm while the report becomes confident about it.
 */
function simulate(
  metric: ExperimentMetric,
  outcome: (
    arm: string,
    random: () => number,
  ) => { ok: boolean; score?: number; cost: number; latency: number },
  rounds: number,
) {
  const database = openDatabase(':memory:');
  const random = seededRandom(2024);
  const experiment = defineExperiment(database, knownModels, {
    name: `sim-${metric}`,
    arms: ['good', 'bad'],
    allocation: 'thompson',
    metric,
    matchModels: ['auto'],
    matchTasks: [],
    traffic: 1,
  });
  let clock = 0;
  // Every read sees the outcomes recorded so far (the gateway batches them by learning.experiments.refreshMs).
  const runner = createExperimentRunner({
    database,
    settings: settings({ refreshMs: 1, minSamples: 10 }),
    random,
    now: () => (clock += 1),
  });
  const chosen: string[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const assignment = runner.assign(ask('q', { sessionId: `unit-${round}` }))!;
    chosen.push(assignment.arm);
    record(database, assignment, outcome(assignment.arm, random));
  }
  const report = experimentReport(database, createExperimentStore(database).get(experiment.name), {
    minSamples: 10,
    random: seededRandom(5),
  });
  return { chosen, report };
}

function record(
  database: DatabaseSync,
  assignment: { record(id: string): void },
  result: { ok: boolean; score?: number; cost: number; latency: number },
) {
  const id = randomUUID();
  assignment.record(id);
  database
    .prepare(
      "INSERT INTO requests (id, created_at, kind, status, cost_usd, latency_ms, fallbacks_json) VALUES (?, 0, 'chat', ?, ?, ?, '[]')",
    )
    .run(id, result.ok ? 'ok' : 'error', result.cost, result.latency);
  if (result.score !== undefined)
    database
      .prepare("INSERT INTO feedback (target_id, target_kind, created_at, score) VALUES (?, 'chat', 0, ?)")
      .run(id, result.score);
}

describe('adaptive allocation (Thompson sampling) converges on the better arm', () => {
  it('metric feedback: thumbs-up rate 0.7 vs 0.45', () => {
    const { chosen, report } = simulate(
      'feedback',
      (arm, random) => ({
        ok: true,
        score: random() < (arm === 'good' ? 0.7 : 0.45) ? 1 : 0,
        cost: 0.001,
        latency: 500,
      }),
      1_200,
    );
    const late = chosen.slice(-400);
    expect(late.filter((arm) => arm === 'good').length / late.length).toBeGreaterThan(0.8);
    expect(report.leader).toMatchObject({ arm: 'good' });
    expect(report.leader!.probability).toBeGreaterThan(0.95);
    expect(report.decided).toBe(true);
    const good = report.arms.find((arm) => arm.arm === 'good')!;
    expect(good.feedback!.low).toBeLessThan(0.7);
    expect(good.feedback!.high).toBeGreaterThan(0.7);
    expect(formatExperimentReport(report)).toMatch(
      /good is the better arm on feedback \(P\(best\) \d+\.\d%\): conclave experiment promote sim-feedback/,
    );
  });

  it('metric success: 95% vs 80% answered without fallback', () => {
    const { chosen, report } = simulate(
      'success',
      (arm, random) => ({ ok: random() < (arm === 'good' ? 0.95 : 0.8), cost: 0.001, latency: 500 }),
      1_000,
    );
    expect(chosen.slice(-300).filter((arm) => arm === 'good').length / 300).toBeGreaterThan(0.8);
    expect(report.leader?.arm).toBe('good');
  });

  it('metric cost (lower wins) and latency (lower wins)', () => {
    const cost = simulate(
      'cost',
      (arm, random) => ({
        ok: true,
        cost: (arm === 'good' ? 0.001 : 0.0015) * (0.6 + 0.8 * random()),
        latency: 500,
      }),
      400,
    );
    expect(cost.chosen.slice(-150).filter((arm) => arm === 'good').length / 150).toBeGreaterThan(0.85);
    expect(cost.report.leader?.arm).toBe('good');
    const latency = simulate(
      'latency',
      (arm, random) => ({ ok: true, cost: 0.001, latency: (arm === 'good' ? 400 : 700) * (0.5 + random()) }),
      400,
    );
    expect(latency.chosen.slice(-150).filter((arm) => arm === 'good').length / 150).toBeGreaterThan(0.85);
    expect(latency.report.leader?.arm).toBe('good');
  });

  it('every arm is explored before exploiting, even when the first results favour one', () => {
    const { chosen } = simulate(
      'feedback',
      (arm) => ({ ok: true, score: arm === 'bad' ? 1 : 0, cost: 0, latency: 1 }),
      20,
    );
    expect(chosen.filter((arm) => arm === 'good').length).toBeGreaterThanOrEqual(10);
    expect(chosen.filter((arm) => arm === 'bad').length).toBeGreaterThanOrEqual(10);
  });
});

describe('defining experiments: clear errors', () => {
  const database = openDatabase(':memory:');
  const spec = {
    name: 'x',
    arms: ['ft', 'base'],
    allocation: 'static' as const,
    metric: 'feedback' as const,
    matchModels: ['base'],
    matchTasks: [],
    traffic: 1,
  };
  it.each([
    ['one arm', { arms: ['ft'] }, /at least two different arms/],
    ['unknown arm', { arms: ['ft', 'nope'] }, /Arm "nope" is not a model in the catalog/],
    ['no match', { matchModels: [] }, /Say which requests the experiment covers/],
    ['bad task', { matchTasks: ['cooking'] }, /Unknown task class "cooking"/],
    ['weights mismatch', { weights: [1] }, /--weights needs one positive number per arm/],
    ['bad name', { name: 'a b' }, /must be letters, digits/],
  ])('%s', (_name, override, message) => {
    expect(() => defineExperiment(database, knownModels, { ...spec, ...override })).toThrow(message);
  });
  it('virtual models can be arms; names are unique', () => {
    defineExperiment(database, knownModels, { ...spec, name: 'v', arms: ['ensemble/best-of-n', 'ft'] });
    expect(() => defineExperiment(database, knownModels, { ...spec, name: 'v' })).toThrow(/already exists/);
  });
});
