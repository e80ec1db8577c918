import { afterEach, describe, expect, it } from 'vitest';
import { ConclaveError } from '../../src/core/conclave-error.js';
import { executeWithMultiModel } from '../../src/orchestration/pipeline/execute-with-multi-model.js';
import { createPipelineStore } from '../../src/orchestration/pipeline/pipeline-store.js';
import type { PipelineEvent } from '../../src/orchestration/pipeline/pipeline-types.js';
import { createPipelineEngine, type PipelineEngine, phaseOf } from './pipeline-engine.js';

let harness: PipelineEngine;
afterEach(() => harness?.close());

const TASK = 'Write a TypeScript function that slugifies a title';

describe('failure rules', () => {
  it('a critical phase failing on every model aborts the run with a clear error', async () => {
    harness = await createPipelineEngine({
      respond: (call) => (phaseOf(call) === 'generation' ? { fail: `${call.model} is down` } : undefined),
    });
    const error = (await executeWithMultiModel(harness.context, { agent: 'coding', task: TASK }).catch(
      (caught: unknown) => caught,
    )) as ConclaveError;
    expect(error).toBeInstanceOf(ConclaveError);
    expect(error.kind).toBe('all-failed');
    expect(error.message).toMatch(
      /^Pipeline "coding" aborted: critical phase "generation" failed on coder, judge, swift \(run pipe_/,
    );
    expect(error.attempts?.map((attempt) => attempt.model)).toEqual(['coder', 'judge', 'swift']);
    expect(error.attempts?.[0]?.message).toContain('generation: upstream');
    expect(harness.calls.map((call) => phaseOf(call))).toEqual([
      'planning',
      'generation',
      'generation',
      'generation',
    ]);
    const [run] = createPipelineStore(harness.context.database).runs();
    expect(run).toMatchObject({
      status: 'failed',
      errorKind: 'all-failed',
      successfulPhases: 1,
      totalPhases: 2,
    });
  });

  it('review failing is skipped: refinement runs without a review and the result says why', async () => {
    harness = await createPipelineEngine({
      respond: (call) =>
        phaseOf(call) === 'review' ? { fail: 'review model overloaded', status: 503 } : undefined,
    });
    const result = await executeWithMultiModel(harness.context, { agent: 'coding', task: TASK });
    expect(result.successfulPhases).toBe(3);
    expect(result.totalPhases).toBe(4);
    expect(result.finalResult).toBe('refinement by coder');
    const review = result.phaseResults.find((phase) => phase.phase === 'review')!;
    expect(review).toMatchObject({ success: false, result: null, tokensUsed: 0 });
    expect(review.error).toContain(
      'judge: overloaded: scripted (judge) is overloaded (503): review model overloaded',
    );
    expect(result.skippedPhases).toEqual([
      {
        phase: 'review',
        cause: 'failed',
        reason: expect.stringMatching(
          /^review failed \(judge: overloaded.*\); refinement continues without a review$/,
        ),
      },
    ]);
    const refinement = harness.callFor('refinement')!;
    expect(refinement.user).toContain('phaseOutputs.review: skipped — review failed (');
    expect(refinement.user).toContain(
      'Improve the solution in phaseOutputs.generation; the review was skipped, so use your own judgement.',
    );
  });

  it('refinement failing keeps the generation output', async () => {
    harness = await createPipelineEngine({
      respond: (call) => (phaseOf(call) === 'refinement' ? { fail: 'refinement broke' } : undefined),
    });
    const result = await executeWithMultiModel(harness.context, { agent: 'coding', task: TASK });
    expect(result.finalResult).toBe('generation by coder');
    expect(result.finalPhase).toBe('generation');
    expect(result.skippedPhases).toEqual([
      {
        phase: 'refinement',
        cause: 'failed',
        reason: expect.stringMatching(
          /^refinement failed \(.*\); the generation output is kept as the final result$/,
        ),
      },
    ]);
  });

  it('a FAIL verdict is reported and keeps the answer out of the training data', async () => {
    harness = await createPipelineEngine({
      respond: (call) =>
        phaseOf(call) === 'validation' ? '**Verdict: FAIL**\n- the index misses the date column' : undefined,
    });
    const result = await executeWithMultiModel(harness.context, { agent: 'database', task: 'Index orders' });
    expect(result.validation).toEqual({
      phase: 'validation',
      verdict: 'fail',
      reasons: '- the index misses the date column',
    });
    expect(result.trainingExample).toMatchObject({ collected: false });
  });

  it('validation failing leaves the result unvalidated', async () => {
    harness = await createPipelineEngine({
      respond: (call) => (phaseOf(call) === 'validation' ? { fail: 'validator down' } : undefined),
    });
    const result = await executeWithMultiModel(harness.context, { agent: 'database', task: 'Index orders' });
    expect(result.validation).toBeUndefined();
    expect(result.skippedPhases[0]?.reason).toMatch(/; the result is not validated$/);
  });

  it("a failing primary falls back to the phase's next model", async () => {
    harness = await createPipelineEngine({
      respond: (call) =>
        phaseOf(call) === 'generation' && call.model === 'coder' ? { fail: 'coder 500' } : undefined,
    });
    const events: PipelineEvent[] = [];
    const result = await executeWithMultiModel(harness.context, {
      agent: 'coding',
      task: TASK,
      onProgress: (event) => events.push(event),
    });
    const generation = result.phaseResults.find((phase) => phase.phase === 'generation')!;
    expect(generation).toMatchObject({ success: true, modelUsed: 'judge', fallbacks: ['coder'] });
    expect(generation.attempts.map((attempt) => [attempt.model, attempt.ok])).toEqual([
      ['coder', false],
      ['judge', true],
    ]);
    expect(events).toContainEqual({
      type: 'phase-fallback',
      phase: 'generation',
      from: 'coder',
      to: 'judge',
      reason: expect.stringContaining('coder 500'),
    });
    expect(harness.callFor('review')!.user).toContain('phaseOutputs.generation (generation phase, by judge)');
  });

  it('a model exceeding phaseTimeout is abandoned for the next one; a phase timing out everywhere is skipped', async () => {
    harness = await createPipelineEngine({
      config: { pipelines: { phaseTimeout: '200ms' } },
      respond: (call) =>
        (phaseOf(call) === 'planning' && call.model === 'swift') || phaseOf(call) === 'review'
          ? { hang: true }
          : undefined,
    });
    const started = Date.now();
    const result = await executeWithMultiModel(harness.context, { agent: 'coding', task: TASK });
    expect(Date.now() - started).toBeLessThan(5_000);
    const planning = result.phaseResults[0]!;
    expect(planning).toMatchObject({ success: true, fallbacks: ['swift'] });
    expect(planning.attempts[0]).toMatchObject({ model: 'swift', ok: false, errorKind: 'timeout' });
    expect(planning.attempts[0]!.message).toContain('phase planning timed out after 200 ms on swift');
    const review = result.phaseResults.find((phase) => phase.phase === 'review')!;
    expect(review.success).toBe(false);
    expect(review.attempts.map((attempt) => attempt.errorKind)).toEqual(['timeout', 'timeout', 'timeout']);
    expect(result.skippedPhases[0]?.reason).toContain('timed out after 200 ms');
  });
});
