import { afterEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/config-schema.js';
import { ConclaveError } from '../../src/core/conclave-error.js';
import { matchAgentToModels } from '../../src/orchestration/pipeline/match-agent-to-models.js';
import type { PipelinePlan } from '../../src/orchestration/pipeline/pipeline-types.js';
import { createPipelineEngine, type PipelineEngine } from './pipeline-engine.js';

const summary = (plan: PipelinePlan) =>
  plan.phases.map((phase) => [
    phase.phase,
    phase.primaryModel.model,
    phase.routing.objective,
    phase.routing.taskClass,
  ]);

describe('the plan per built-in profile (matchAgentToModels)', () => {
  let harness: PipelineEngine;
  afterEach(() => harness.close());

  it.each([
    [
      'coding',
      [
        ['planning', 'swift', 'speed', 'general'],
        ['generation', 'coder', 'quality', 'code'],
        ['review', 'judge', 'quality', 'code'],
        ['refinement', 'coder', 'quality', 'code'],
      ],
    ],
    [
      'database',
      [
        ['planning', 'swift', 'speed', 'general'],
        ['generation', 'coder', 'balanced', 'code'],
        ['validation', 'judge', 'quality', 'code'],
      ],
    ],
    [
      'analysis',
      [
        ['research', 'judge', 'quality', 'deep'],
        ['generation', 'judge', 'quality', 'analysis'],
        ['review', 'coder', 'quality', 'analysis'],
        ['validation', 'coder', 'quality', 'analysis'],
      ],
    ],
    [
      'web-scraping',
      [
        ['planning', 'swift', 'speed', 'general'],
        ['generation', 'swift', 'speed', 'code'],
        ['validation', 'coder', 'quality', 'code'],
      ],
    ],
    [
      'documentation',
      [
        ['research', 'judge', 'quality', 'deep'],
        ['generation', 'judge', 'quality', 'general'],
        ['review', 'coder', 'quality', 'general'],
        ['refinement', 'judge', 'quality', 'general'],
      ],
    ],
  ])('%s: each phase on the model its needs pick, with fallbacks and a reason', async (agent, expected) => {
    harness = await createPipelineEngine();
    const plan = matchAgentToModels(harness.context, { agent, task: 'Handle the orders table export' });
    expect(plan.agent).toBe(agent);
    expect(plan.strategyType).toBe('multi_model');
    expect(summary(plan)).toEqual(expected);
    for (const phase of plan.phases) {
      expect(phase.fallbackModels.length).toBeGreaterThan(0);
      expect(phase.fallbackModels).not.toContain(phase.primaryModel.model);
      expect(phase.reason).toContain(`Chose ${phase.primaryModel.model}`);
    }
    expect(harness.calls).toHaveLength(0);
  });

  it('marks planning and generation critical, the rest skippable, and explains independent checks', async () => {
    harness = await createPipelineEngine();
    const plan = matchAgentToModels(harness.context, {
      agent: 'coding_agent',
      task: 'Write a slugify function',
    });
    expect(plan.agent).toBe('coding');
    expect(plan.phases.map((phase) => [phase.phase, phase.critical, phase.dependsOn])).toEqual([
      ['planning', true, []],
      ['generation', true, ['planning']],
      ['review', false, ['generation']],
      ['refinement', false, ['review']],
    ]);
    expect(plan.phases[0]!.reason).toMatch(
      /^Fast model to understand the task and write a concise plan \(general, speed\)\./,
    );
    const review = plan.phases.find((phase) => phase.phase === 'review')!;
    expect(review.reason).toContain('Quality model to critique the solution');
    expect(review.reason).toMatch(
      /Chose judge: general model, runs locally, .*quality 0\.90 \(catalog prior\); coder wrote the solution, so another model checks it\. Fallbacks: .*coder/,
    );
    expect(review.fallbackModels).toContain('coder');
  });

  it('single_model strategy runs every phase on the model chosen for generation', async () => {
    harness = await createPipelineEngine({ config: { pipelines: { defaultStrategy: 'single_model' } } });
    const plan = matchAgentToModels(harness.context, { agent: 'coding', task: 'Write a slugify function' });
    expect(plan.strategyType).toBe('single_model');
    expect(new Set(plan.phases.map((phase) => phase.primaryModel.model))).toEqual(new Set(['coder']));
    expect(plan.phases[0]!.reason).toContain('single_model strategy');
  });

  it('honours a config profile: preferred models, fallbacks, constraints and a DAG', async () => {
    harness = await createPipelineEngine({
      config: {
        pipelines: {
          profiles: {
            release: {
              description: 'Release notes',
              taskClass: 'creative',
              phases: [
                { name: 'planning', models: ['judge'] },
                { name: 'research', dependsOn: [], deny: ['judge'] },
                { name: 'generation', dependsOn: ['planning', 'research'], fallbackModels: ['swift'] },
              ],
            },
          },
        },
      },
    });
    const plan = matchAgentToModels(harness.context, { agent: 'release', task: 'Notes for v2' });
    expect(summary(plan)).toEqual([
      ['planning', 'judge', 'speed', 'general'],
      ['research', 'coder', 'quality', 'deep'],
      ['generation', 'muse', 'balanced', 'creative'],
    ]);
    expect(plan.phases[2]!.dependsOn).toEqual(['planning', 'research']);
    expect(plan.phases[2]!.fallbackModels[0]).toBe('swift');
    expect(plan.phases[1]!.fallbackModels).not.toContain('judge');
  });
});

describe('bad input fails before any model is called', () => {
  let harness: PipelineEngine;
  afterEach(() => harness.close());

  const failure = (run: () => unknown): ConclaveError => {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(ConclaveError);
      return error as ConclaveError;
    }
    throw new Error('expected an error');
  };

  it('an unknown profile lists the known ones', async () => {
    harness = await createPipelineEngine();
    const error = failure(() => matchAgentToModels(harness.context, { agent: 'codng', task: 'x' }));
    expect(error.kind).toBe('not-found');
    expect(error.message).toBe('Unknown pipeline profile "codng".');
    expect(error.hint).toContain('Did you mean "coding"?');
    expect(error.hint).toContain('coding, database, analysis, web-scraping, documentation');
  });

  it('an unknown phase in enablePhases names the profile and its phases', async () => {
    harness = await createPipelineEngine();
    const error = failure(() =>
      matchAgentToModels(harness.context, {
        agent: 'coding',
        task: 'x',
        enablePhases: ['planning', 'reveiw'],
      }),
    );
    expect(error.kind).toBe('bad-request');
    expect(error.message).toBe('Unknown phase "reveiw" for pipeline "coding".');
    expect(error.hint).toBe('Phases of coding: planning, generation, review, refinement.');
  });

  it('a phase without any eligible model names the phase and why', async () => {
    harness = await createPipelineEngine({
      config: {
        pipelines: {
          profiles: { strict: { phases: ['planning', { name: 'generation', minQuality: 0.99 }] } },
        },
      },
    });
    const error = failure(() => matchAgentToModels(harness.context, { agent: 'strict', task: 'x' }));
    expect(error.message).toMatch(
      /^Phase "generation" of pipeline "strict" has no eligible model for its needs \(general, balanced, min quality 0\.99\): No model can serve/,
    );
    expect(harness.calls).toHaveLength(0);
  });

  it('an unknown preferred model is a config error naming the phase', async () => {
    harness = await createPipelineEngine({
      config: { pipelines: { profiles: { typo: { phases: [{ name: 'generation', models: ['codr'] }] } } } },
    });
    const error = failure(() => matchAgentToModels(harness.context, { agent: 'typo', task: 'x' }));
    expect(error.kind).toBe('config');
    expect(error.message).toBe('Phase "generation" of pipeline "typo" names unknown model "codr" in models.');
    expect(error.hint).toContain('"coder"');
  });

  it('an empty task is refused', async () => {
    harness = await createPipelineEngine();
    const error = failure(() => matchAgentToModels(harness.context, { agent: 'coding', task: '  ' }));
    expect(error.message).toBe('No task given for pipeline "coding".');
  });
});

describe('configured pipelines are checked when the config is loaded', () => {
  const problems = (profiles: unknown): string[] => {
    const parsed = configSchema.safeParse({ pipelines: { profiles } });
    expect(parsed.success).toBe(false);
    return parsed.error!.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  };

  it('a dependency cycle', () => {
    expect(
      problems({
        loop: {
          phases: [
            { name: 'planning', dependsOn: ['validation'] },
            'generation',
            { name: 'validation', dependsOn: ['generation'] },
          ],
        },
      }),
    ).toEqual([
      'pipelines.profiles.loop.phases: phases form a dependency cycle (each depends on the next): planning → validation → generation → planning',
    ]);
  });

  it('an unknown dependency, a duplicate and a custom name without a kind', () => {
    expect(
      problems({
        broken: {
          phases: ['planning', { name: 'summary' }, { name: 'generation', dependsOn: ['plan'] }, 'planning'],
        },
      }),
    ).toEqual([
      'pipelines.profiles.broken.phases.1.kind: phase "summary" needs a kind (one of planning, research, generation, review, refinement, validation)',
      'pipelines.profiles.broken.phases.2.dependsOn: phase "generation" depends on "plan", which is not a phase of this pipeline (phases: planning, summary, generation, planning)',
      'pipelines.profiles.broken.phases.3.name: phase "planning" is defined twice',
    ]);
  });

  it('durations accept seconds or units', () => {
    const parsed = configSchema.parse({ pipelines: { phaseTimeout: '500ms', cacheTtl: 90 } });
    expect(parsed.pipelines.phaseTimeout).toBe(500);
    expect(parsed.pipelines.cacheTtl).toBe(90_000);
    const defaults = configSchema.parse({});
    expect(defaults.pipelines).toMatchObject({
      phaseTimeout: 300_000,
      cacheTtl: 3_600_000,
      maxParallelPhases: 2,
    });
  });
});
