import { afterEach, describe, expect, it } from 'vitest';
import { executeWithMultiModel } from '../../src/orchestration/pipeline/execute-with-multi-model.js';
import { createPipelineEngine, type PipelineEngine, phaseOf } from './pipeline-engine.js';

let harness: PipelineEngine;
afterEach(() => harness?.close());

const TASK = 'Write a TypeScript function that slugifies a title';

describe('phase selection', () => {
  it('enablePhases runs a subset, bridging dependencies, and reports the rest as skipped', async () => {
    harness = await createPipelineEngine();
    const result = await executeWithMultiModel(harness.context, {
      agent: 'coding',
      task: TASK,
      enablePhases: ['planning', 'generation', 'refinement'],
    });
    expect(result.phaseResults.map((phase) => phase.phase)).toEqual(['planning', 'generation', 'refinement']);
    expect(result.skippedPhases).toEqual([
      { phase: 'review', cause: 'disabled', reason: 'not in enablePhases' },
    ]);
    expect(result.plan.phases.find((phase) => phase.phase === 'refinement')?.dependsOn).toEqual([
      'generation',
    ]);
    expect(harness.callFor('refinement')!.user).toContain(
      'Improve the solution in phaseOutputs.generation; no review phase ran, so use your own judgement.',
    );
    expect(harness.calls.map((call) => phaseOf(call))).toEqual(['planning', 'generation', 'refinement']);
  });

  it('an unknown phase fails before any model is called', async () => {
    harness = await createPipelineEngine();
    await expect(
      executeWithMultiModel(harness.context, { agent: 'coding', task: TASK, enablePhases: ['validation'] }),
    ).rejects.toThrow('Unknown phase "validation" for pipeline "coding".');
    expect(harness.calls).toHaveLength(0);
  });
});

describe('adaptive selection from keywords', () => {
  const planFor = async (task: string, parameters?: Record<string, unknown>) => {
    const result = await executeWithMultiModel(harness.context, { agent: 'coding', task, parameters });
    return result;
  };

  it('"simple" → fast models and fewer phases', async () => {
    harness = await createPipelineEngine();
    const result = await planFor('A simple function that adds two numbers');
    expect(result.plan.adaptive.signals).toEqual(['simple: simple']);
    expect(result.phaseResults.map((phase) => [phase.phase, phase.modelUsed])).toEqual([
      ['planning', 'swift'],
      ['generation', 'swift'],
    ]);
    expect(result.plan.phases.every((phase) => phase.routing.objective === 'speed')).toBe(true);
    expect(result.skippedPhases.map((skipped) => [skipped.phase, skipped.cause])).toEqual([
      ['review', 'adaptive'],
      ['refinement', 'adaptive'],
    ]);
  });

  it('"complex" (or complexity: high) → high-quality models', async () => {
    harness = await createPipelineEngine();
    const result = await planFor('Design the module layout', { complexity: 'high' });
    expect(result.plan.adaptive.signals).toEqual(['complex: complexity=high']);
    expect(
      result.plan.phases.map((phase) => [phase.phase, phase.primaryModel.model, phase.routing.objective]),
    ).toEqual([
      ['planning', 'judge', 'quality'],
      ['generation', 'coder', 'quality'],
      ['review', 'judge', 'quality'],
      ['refinement', 'coder', 'quality'],
    ]);
  });

  it('"urgent" → speed-optimised models for every phase, even a complex task', async () => {
    harness = await createPipelineEngine();
    const result = await planFor('Urgent: fix this complex parser bug');
    expect(result.plan.adaptive.signals).toEqual(['complex: complex', 'speed: urgent']);
    expect(result.plan.phases.every((phase) => phase.routing.objective === 'speed')).toBe(true);
    expect(result.plan.phases.find((phase) => phase.phase === 'generation')?.primaryModel.model).toBe(
      'swift',
    );
  });

  it('"creative" → creative models for the solution phases', async () => {
    harness = await createPipelineEngine();
    const result = await planFor('An innovative, creative API for a game engine');
    expect(result.plan.adaptive.signals).toEqual(['creative: creative']);
    const generation = result.plan.phases.find((phase) => phase.phase === 'generation')!;
    expect(generation).toMatchObject({ primaryModel: { model: 'muse' }, temperature: 0.9 });
    expect(generation.routing.taskClass).toBe('creative');
    expect(harness.callFor('generation')!.temperature).toBe(0.9);
  });

  it('can be turned off', async () => {
    harness = await createPipelineEngine({ config: { pipelines: { adaptive: { enabled: false } } } });
    const result = await planFor('A simple function');
    expect(result.plan.adaptive.signals).toEqual([]);
    expect(result.totalPhases).toBe(4);
  });
});
