import { afterEach, describe, expect, it } from 'vitest';
import { executeWithMultiModel } from '../../src/orchestration/pipeline/execute-with-multi-model.js';
import { createPipelineStore } from '../../src/orchestration/pipeline/pipeline-store.js';
import type { PipelineEvent } from '../../src/orchestration/pipeline/pipeline-types.js';
import { createPipelineEngine, type PipelineEngine, phaseOf } from './pipeline-engine.js';

let harness: PipelineEngine;
afterEach(() => harness?.close());

const TASK = 'Write a TypeScript function that slugifies a title';

describe('a coding run end to end', () => {
  it('passes each phase the task, parameters and earlier outputs, and answers with the refinement', async () => {
    harness = await createPipelineEngine();
    const events: PipelineEvent[] = [];
    const result = await executeWithMultiModel(harness.context, {
      agent: 'coding',
      task: TASK,
      parameters: { language: 'typescript', framework: 'none' },
      onProgress: (event) => events.push(event),
    });

    expect(result).toMatchObject({
      strategyType: 'multi_model',
      totalPhases: 4,
      successfulPhases: 4,
      finalResult: 'refinement by coder',
      finalPhase: 'refinement',
      modelsUsed: ['swift', 'coder', 'judge'],
      skippedPhases: [],
      agent: 'coding',
    });
    expect(
      result.phaseResults.map((phase) => [
        phase.phase,
        phase.modelUsed,
        phase.providerUsed,
        phase.success,
        phase.result,
      ]),
    ).toEqual([
      ['planning', 'swift', 'scripted', true, 'planning by swift'],
      ['generation', 'coder', 'scripted', true, 'generation by coder'],
      ['review', 'judge', 'scripted', true, 'review by judge'],
      ['refinement', 'coder', 'scripted', true, 'refinement by coder'],
    ]);
    for (const phase of result.phaseResults) {
      expect(phase.executionTime).toBeGreaterThanOrEqual(0);
      expect(phase.tokensUsed).toBeGreaterThan(0);
      expect(phase.error).toBeUndefined();
    }
    expect(result.totalTokensUsed).toBe(
      result.phaseResults.reduce((sum, phase) => sum + phase.tokensUsed, 0),
    );
    expect(result.totalCost).toBeGreaterThan(0);

    // Context passing: what each phase's prompt contained.
    const planning = harness.callFor('planning')!;
    expect(planning.system).toContain('Domain: software engineering.');
    expect(planning.user).toContain(`Task:\n${TASK}`);
    expect(planning.user).toContain('"language": "typescript"');
    expect(planning.user).not.toContain('phaseOutputs.');
    const generation = harness.callFor('generation')!;
    expect(generation.user).toContain('phaseOutputs.planning (planning phase, by swift):\nplanning by swift');
    const review = harness.callFor('review')!;
    expect(review.user).toContain('phaseOutputs.planning (planning phase, by swift):\nplanning by swift');
    expect(review.user).toContain(
      'phaseOutputs.generation (generation phase, by coder):\ngeneration by coder',
    );
    expect(review.user).toContain('The solution to review is phaseOutputs.generation.');
    const refinement = harness.callFor('refinement')!;
    expect(refinement.user).toContain('phaseOutputs.review (review phase, by judge):\nreview by judge');
    expect(refinement.user).toContain(
      'Improve the solution in phaseOutputs.generation using the review in phaseOutputs.review.',
    );
    expect(planning.temperature).toBe(0.2);

    expect(events.map((event) => `${event.type}:${'phase' in event ? event.phase : ''}`)).toEqual([
      'plan:',
      'phase-start:planning',
      'phase-done:planning',
      'phase-start:generation',
      'phase-done:generation',
      'phase-start:review',
      'phase-done:review',
      'phase-start:refinement',
      'phase-done:refinement',
    ]);
  });

  it('records the run, each phase call as a pipeline member request, and a training candidate', async () => {
    harness = await createPipelineEngine();
    const result = await executeWithMultiModel(harness.context, {
      agent: 'database',
      task: 'Index the orders table',
    });
    expect(result.validation).toEqual({
      phase: 'validation',
      verdict: 'pass',
      reasons: '- checked by judge',
    });
    const [run] = createPipelineStore(harness.context.database).runs();
    expect(run).toMatchObject({
      id: result.runId,
      agent: 'database',
      status: 'ok',
      phases: ['planning', 'generation', 'validation'],
      successfulPhases: 3,
      totalPhases: 3,
      finalResult: 'generation by coder',
      models: ['swift', 'coder', 'judge'],
    });
    const members = harness.context.requestLog.query().filter((request) => request.kind === 'pipeline');
    expect(members.map((request) => request.model).sort()).toEqual(['coder', 'judge', 'swift']);
    expect(result.trainingExample).toMatchObject({ collected: true });
    const example = harness.context.database
      .prepare('SELECT source_kind, source_id, response, task_type FROM training_examples')
      .get() as Record<string, unknown>;
    expect(example).toEqual({
      source_kind: 'pipeline',
      source_id: result.runId,
      response: 'generation by coder',
      task_type: 'code',
    });
  });
});

describe('what is stored', () => {
  it('never keeps a detected secret from the task, parameters or outputs', async () => {
    const key = 'AKIAABCDEFGHIJKLMNOP';
    harness = await createPipelineEngine({ respond: (call) => `${phaseOf(call)} uses ${key}` });
    const result = await executeWithMultiModel(harness.context, {
      agent: 'coding',
      task: `Rotate the AWS key ${key}`,
      parameters: { current: key },
      enablePhases: ['generation'],
    });
    expect(result.finalResult).toBe(`generation uses ${key}`);
    const rows = JSON.stringify(harness.context.database.prepare('SELECT * FROM pipeline_runs').all());
    const cache = JSON.stringify(harness.context.database.prepare('SELECT * FROM pipeline_cache').all());
    expect(rows).toContain('[REDACTED AWS access key id]');
    expect(rows).not.toContain(key);
    expect(cache).not.toContain(key);
  });
});

describe('parallel phases', () => {
  const profiles = {
    fanout: {
      taskClass: 'code' as const,
      phases: [
        'planning' as const,
        { name: 'research', dependsOn: [] },
        { name: 'generation', dependsOn: ['planning', 'research'] },
      ],
    },
  };
  const slow = (call: { system: string }) =>
    /planning|research/.test(call.system)
      ? { text: `${/(planning|research)/.exec(call.system)![1]} notes`, delayMs: 150 }
      : undefined;

  it('runs independent phases at the same time, and the joining phase sees both', async () => {
    harness = await createPipelineEngine({ config: { pipelines: { profiles } }, respond: slow });
    const result = await executeWithMultiModel(harness.context, { agent: 'fanout', task: TASK });
    const [planning, research, generation] = result.phaseResults;
    expect(planning!.startedAt).toBeLessThan(research!.finishedAt);
    expect(research!.startedAt).toBeLessThan(planning!.finishedAt);
    expect(generation!.startedAt).toBeGreaterThanOrEqual(
      Math.max(planning!.finishedAt, research!.finishedAt),
    );
    const joined = harness.callFor('generation')!;
    expect(joined.user).toContain('phaseOutputs.planning (planning phase, by swift):\nplanning notes');
    expect(joined.user).toContain('phaseOutputs.research (research phase, by judge):\nresearch notes');
  });

  it('maxParallelPhases: 1 runs them one after the other', async () => {
    harness = await createPipelineEngine({
      config: { pipelines: { profiles, maxParallelPhases: 1 } },
      respond: slow,
    });
    const result = await executeWithMultiModel(harness.context, { agent: 'fanout', task: TASK });
    const [planning, research] = result.phaseResults;
    expect(research!.startedAt).toBeGreaterThanOrEqual(planning!.finishedAt);
  });
});

describe('cache', () => {
  it('reuses a finished run for the same agent, task, parameters and phases, at no cost, until the TTL', async () => {
    harness = await createPipelineEngine({ config: { pipelines: { cacheTtl: '10m' } } });
    let now = 1_000_000;
    const run = (parameters: Record<string, unknown>) =>
      executeWithMultiModel(harness.context, { agent: 'coding', task: TASK, parameters, now: () => now });
    const first = await run({ language: 'ts', style: 'functional' });
    expect(first.cached).toBeUndefined();
    expect(harness.calls).toHaveLength(4);

    now += 5 * 60_000;
    const second = await run({ style: 'functional', language: 'ts' });
    expect(harness.calls).toHaveLength(4);
    expect(second).toMatchObject({
      finalResult: first.finalResult,
      totalCost: 0,
      totalTokensUsed: 0,
      cached: { runId: first.runId, originalCost: first.totalCost, originalTokens: first.totalTokensUsed },
    });
    expect(second.runId).not.toBe(first.runId);

    await run({ language: 'python' });
    await executeWithMultiModel(harness.context, {
      agent: 'coding',
      task: TASK,
      enablePhases: ['generation'],
      now: () => now,
    });
    expect(harness.calls).toHaveLength(9);

    now += 6 * 60_000;
    const expired = await run({ language: 'ts', style: 'functional' });
    expect(expired.cached).toBeUndefined();
    expect(harness.calls).toHaveLength(13);
    const statuses = createPipelineStore(harness.context.database)
      .runs()
      .map((stored) => stored.status);
    expect(statuses.filter((status) => status === 'cached')).toHaveLength(1);
  });

  it('does not cache a run with a skipped phase', async () => {
    harness = await createPipelineEngine({
      respond: (call) => (phaseOf(call) === 'review' ? { fail: 'flaky' } : undefined),
    });
    await executeWithMultiModel(harness.context, { agent: 'coding', task: TASK });
    const again = await executeWithMultiModel(harness.context, { agent: 'coding', task: TASK });
    expect(again.cached).toBeUndefined();
  });
});
