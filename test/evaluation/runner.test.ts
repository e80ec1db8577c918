import { afterEach, describe, expect, it } from 'vitest';
import { createEvaluationStore } from '../../src/learning/evaluation/runner/evaluation-store.js';
import {
  type RunEvaluationOptions,
  runEvaluation,
} from '../../src/learning/evaluation/runner/run-evaluation.js';
import { createSandbox } from '../../src/learning/evaluation/sandbox/create-sandbox.js';
import { batteryModels, pricedProfile, SUITE_YAML, writeSuite } from './battery-fixture.js';
import { profile, scriptedModel } from './scripted-model.js';
import { createTestEngine } from './test-engine.js';

const sandbox = createSandbox();
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function setup(models = batteryModels(), prices: Record<string, number> = {}) {
  const withTools = (id: string) => pricedProfile(id, prices[id] ?? 0);
  const testEngine = await createTestEngine([
    { profile: withTools('smart'), model: models.smart },
    { profile: withTools('dumb'), model: models.dumb },
    {
      profile: pricedProfile('notools', prices.notools ?? 0, {
        supports: { ...profile('x').supports, tools: false },
      }),
      model: models.notools,
    },
    { profile: withTools('judge'), model: models.judge },
  ]);
  const suiteFile = writeSuite();
  cleanups.push(() => testEngine.close(), suiteFile.cleanup);
  const store = createEvaluationStore(testEngine.engine.database);
  const run = (overrides: Partial<RunEvaluationOptions> = {}) =>
    runEvaluation({
      engine: testEngine.evaluationEngine,
      store,
      suites: [suiteFile.suite()],
      models: ['smart', 'dumb', 'notools'],
      repeat: 1,
      concurrency: 2,
      judgeModel: 'judge',
      consent: false,
      sandbox,
      sandboxDefaults: { timeoutMs: 2_000, memoryMb: 128 },
      ...overrides,
    });
  return { ...testEngine, models, store, suiteFile, run };
}

const candidateCalls = (models: ReturnType<typeof batteryModels>) =>
  models.smart.state.calls.length + models.dumb.state.calls.length + models.notools.state.calls.length;

describe('the runner over a task × model matrix, with scripted models', () => {
  it('grades every cell with every grader and measures quality, TTFT, tokens/s, latency and cost', async () => {
    const { run, store, models } = await setup(undefined, { smart: 5, dumb: 1 });
    const summary = await run({ runId: 'matrix' });
    expect(summary).toMatchObject({
      runId: 'matrix',
      status: 'complete',
      total: 29,
      completed: 29,
      ran: 29,
      reused: 0,
    });
    expect(summary.skipped).toEqual([
      { task: 'battery/tool', model: 'notools', reason: 'model lacks tools support' },
    ]);
    expect(models.notools.state.calls.some((prompt) => prompt.includes('[TOOL]'))).toBe(false);

    const cells = store.cells('matrix');
    const quality = (model: string, task: string) =>
      cells.find((cell) => cell.model === model && cell.taskId === `battery/${task}`)!;
    for (const task of [
      'exact',
      'regex',
      'contains',
      'numeric',
      'json',
      'tool',
      'code-js',
      'code-py',
      'judge',
      'pairwise',
    ])
      expect(
        quality('smart', task).quality,
        `smart ${task}: ${JSON.stringify(quality('smart', task).grades)}`,
      ).toBe(1);
    for (const task of [
      'exact',
      'regex',
      'contains',
      'numeric',
      'json',
      'tool',
      'code-js',
      'code-py',
      'judge',
    ])
      expect(quality('dumb', task).quality, `dumb ${task}`).toBe(0);
    // Neither the dumb answer nor the reference is good: the judge calls a tie in both orders.
    expect(quality('dumb', 'pairwise').quality).toBe(0.5);
    expect(quality('dumb', 'code-py').grades?.[0]?.detail).toContain('killed after 2000 ms (time limit)');
    expect(quality('notools', 'tool').status).toBe('skipped');

    const smartExact = quality('smart', 'exact');
    expect(smartExact.taskType).toBe('quick');
    expect(smartExact.ttftMs).toBeGreaterThanOrEqual(10);
    expect(smartExact.latencyMs).toBeGreaterThanOrEqual(smartExact.ttftMs!);
    expect(smartExact.outputTokens).toBe(1);
    const smartJudge = quality('smart', 'judge');
    expect(smartJudge.tokensPerSec).toBeGreaterThan(0);
    // Input + output tokens at $5 per million, as the engine priced the call.
    expect(smartJudge.costUsd).toBeCloseTo(
      ((smartJudge.inputTokens! + smartJudge.outputTokens!) * 5) / 1e6,
      10,
    );
    expect(smartJudge.costUsd).toBeGreaterThan(0);
    expect(smartJudge.judgeCostUsd).toBe(0);
    expect(smartJudge.answer?.text).toContain('GOOD');
    expect(summary.spentUsd).toBeCloseTo(
      cells.reduce((sum, cell) => sum + (cell.costUsd ?? 0) + cell.judgeCostUsd, 0),
      10,
    );
  });

  it('every call goes through the engine: routed as the task type, recorded in the request log', async () => {
    const { run, engine } = await setup();
    await run({ models: ['smart'] });
    engine.requestLog.flush();
    const rows = engine.database
      .prepare(
        "SELECT task_class, COUNT(*) AS n FROM requests WHERE model = 'smart' GROUP BY task_class ORDER BY task_class",
      )
      .all() as { task_class: string; n: number }[];
    expect(rows).toEqual([
      { task_class: 'analysis', n: 2 },
      { task_class: 'code', n: 2 },
      { task_class: 'creative', n: 2 },
      { task_class: 'math', n: 1 },
      { task_class: 'quick', n: 2 },
      { task_class: 'tool-use', n: 1 },
    ]);
  });

  it('resumes: a re-run asks no model again; changed graders re-grade stored answers without asking', async () => {
    const { run, models, suiteFile, store } = await setup();
    const first = await run();
    const callsAfterFirst = candidateCalls(models);
    expect(callsAfterFirst).toBe(29);

    const again = await run({ runId: first.runId });
    expect(again).toMatchObject({ status: 'complete', reused: 29, ran: 0, regraded: 0, completed: 29 });
    expect(candidateCalls(models)).toBe(callsAfterFirst);

    suiteFile.rewrite(SUITE_YAML.replace('expected: 391', 'expected: 381'));
    const regraded = await run({ runId: first.runId });
    expect(regraded).toMatchObject({ status: 'complete', reused: 26, regraded: 3, ran: 0 });
    expect(candidateCalls(models)).toBe(callsAfterFirst);
    const numeric = store.cells(first.runId).filter((cell) => cell.taskId === 'battery/numeric');
    expect(Object.fromEntries(numeric.map((cell) => [cell.model, cell.quality]))).toEqual({
      smart: 0,
      dumb: 1,
      notools: 0,
    });

    // More repetitions extend the same run: only the new cells are asked.
    const repeated = await run({ runId: first.runId, repeat: 2 });
    expect(repeated).toMatchObject({ reused: 29, ran: 29, total: 58 });
  });

  it('stops cleanly at the budget cap, says how far it got, and continues when the cap is raised', async () => {
    const models = batteryModels();
    const { run } = await setup(models, { smart: 20, dumb: 20, notools: 20 });
    const stopped = await run({ models: ['smart'], concurrency: 1, budgetUsd: 0.002 });
    expect(stopped.status).toBe('budget-stopped');
    expect(stopped.completed).toBeGreaterThan(0);
    expect(stopped.notStarted).toBeGreaterThan(0);
    expect(stopped.completed + stopped.notStarted).toBe(10);
    expect(models.smart.state.calls).toHaveLength(stopped.ran);
    // A cell starts only when its estimated cost still fits, so the cap holds.
    expect(stopped.spentUsd).toBeGreaterThan(0);
    expect(stopped.spentUsd).toBeLessThanOrEqual(0.002);

    const unchanged = await run({
      runId: stopped.runId,
      models: ['smart'],
      concurrency: 1,
      budgetUsd: 0.002,
    });
    expect(unchanged).toMatchObject({ status: 'budget-stopped', ran: 0 });

    const finished = await run({ runId: stopped.runId, models: ['smart'], concurrency: 1, budgetUsd: 1 });
    expect(finished).toMatchObject({ status: 'complete', completed: 10, notStarted: 0 });
    expect(models.smart.state.calls).toHaveLength(10);
  });

  it('keeps at most --concurrency cells in flight', async () => {
    const slow = scriptedModel(() => ({ text: 'positive', firstTokenMs: 40 }));
    const { run } = await setup({ ...batteryModels(), smart: slow });
    await run({ models: ['smart'], concurrency: 3 });
    expect(slow.state.maxInFlight).toBe(3);
  });

  it('records failed cells with the error, and retries them on resume', async () => {
    let failing = true;
    const flaky = scriptedModel((prompt) => {
      if (failing && prompt.includes('[NUMERIC]')) throw new Error('upstream exploded');
      return '391';
    });
    const { run } = await setup({ ...batteryModels(), smart: flaky });
    const first = await run({ models: ['smart'] });
    expect(first.status).toBe('incomplete');
    expect(first.failed).toEqual([
      expect.objectContaining({
        task: 'battery/numeric',
        model: 'smart',
        error: expect.stringMatching(/upstream exploded/),
      }),
    ]);
    failing = false;
    const retried = await run({ runId: first.runId, models: ['smart'] });
    expect(retried).toMatchObject({ status: 'complete', ran: 1, reused: 9 });
  });

  it('an interrupted run records nothing for cancelled cells and resumes later', async () => {
    const controller = new AbortController();
    const slow = scriptedModel(() => ({ text: 'positive', firstTokenMs: 30 }));
    const { run } = await setup({ ...batteryModels(), smart: slow });
    const interrupted = await run({
      models: ['smart'],
      concurrency: 1,
      signal: controller.signal,
      onProgress: (progress) => {
        if (progress.done === 2) controller.abort();
      },
    });
    expect(interrupted.status).toBe('interrupted');
    expect(interrupted.completed).toBe(2);
    const resumed = await run({ runId: interrupted.runId, models: ['smart'] });
    expect(resumed).toMatchObject({ status: 'complete', reused: 2, completed: 10 });
  });

  it('refuses unknown models, unusable models and unusable judges before calling anything', async () => {
    const { run, models, suiteFile, engine } = await setup();
    await expect(run({ models: ['smrt'] })).rejects.toThrow(/Unknown model "smrt"/);
    engine.registerModel(
      profile('cloudy', { location: 'external' }),
      scriptedModel(() => 'x'),
    );
    await expect(run({ models: ['smart', 'cloudy'] })).rejects.toMatchObject({ kind: 'consent-required' });
    suiteFile.rewrite(SUITE_YAML.replace('judge: { model: judge }\n', ''));
    await expect(run({ judgeModel: 'nope' })).rejects.toThrow(/Unknown model "nope"/);
    expect(candidateCalls(models)).toBe(0);
  });
});
