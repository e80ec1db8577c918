import { z } from 'zod';
import { LATENCY_CLASSES } from '../../core/model-profile.js';
import { TASK_CLASSES } from '../../core/task-class.js';

/** The six jobs a pipeline phase can do; each kind brings its model needs, prompt and failure rule. */
export const PHASE_KINDS = [
  'planning',
  'research',
  'generation',
  'review',
  'refinement',
  'validation',
] as const;
export type PhaseKind = (typeof PHASE_KINDS)[number];

export const PIPELINE_STRATEGIES = ['multi_model', 'single_model'] as const;
export type PipelineStrategy = (typeof PIPELINE_STRATEGIES)[number];

const DURATION = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)\s*$/i;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** A duration written as seconds (a number) or with a unit ("500ms", "90s", "5m", "1h"); parsed to milliseconds. */
const duration = z
  .union([
    z.number().min(0),
    z.string().regex(DURATION, 'expected a duration such as 90, "500ms", "90s", "5m" or "1h"'),
  ])
  .transform((value) => {
    if (typeof value === 'number') return Math.round(value * 1_000);
    const [, amount, unit] = DURATION.exec(value)!;
    return Math.round(Number(amount) * UNIT_MS[unit!.toLowerCase()]!);
  });

const phaseName = z.string().regex(/^[a-z][a-z0-9_-]*$/, 'phase names are lowercase words joined by - or _');

export const phaseConfigSchema = z.strictObject({
  name: phaseName,
  /** Which of the six jobs this phase does; defaults to its name when that is a phase kind. */
  kind: z.enum(PHASE_KINDS).optional(),
  /** Phases whose outputs this one needs. Default: the phase listed just before it (none for the first). */
  dependsOn: z.array(phaseName).optional(),
  /** Instructions replacing the kind's default; {{task}}, {{parameters}}, {{phaseOutputs.<name>}} are filled in. */
  prompt: z.string().min(1).optional(),
  /** A critical phase that fails on every model aborts the run; others are skipped. */
  critical: z.boolean().optional(),
  objective: z.enum(['quality', 'cost', 'speed', 'balanced']).optional(),
  taskClass: z.enum(TASK_CLASSES).optional(),
  minQuality: z.number().min(0).max(1).optional(),
  maxCostUsd: z.number().min(0).optional(),
  maxLatencyClass: z.enum(LATENCY_CLASSES).optional(),
  localOnly: z.boolean().optional(),
  /** Preferred models, tried first in this order when eligible. */
  models: z.array(z.string().min(1)).optional(),
  /** Models tried right after the primary when it fails. */
  fallbackModels: z.array(z.string().min(1)).optional(),
  allow: z.array(z.string()).optional(),
  deny: z.array(z.string()).optional(),
  /** Overrides `pipelines.phaseTimeout` for this phase. */
  timeout: duration.optional(),
  maxOutputTokens: z.number().int().positive().optional(),
  temperature: z.number().min(0).max(2).optional(),
});

/** A phase is either a kind's name (all defaults) or a full definition. */
const phaseEntrySchema = z.union([
  z.enum(PHASE_KINDS).transform((kind) => ({ name: kind })),
  phaseConfigSchema,
]);

export const pipelineProfileSchema = z
  .strictObject({
    description: z.string().optional(),
    /** The task type: generation, review, refinement and validation route as this class. */
    taskClass: z.enum(TASK_CLASSES).default('general'),
    /** The profile's requirement (accuracy → quality, speed → speed) for its specialist phases. */
    objective: z.enum(['quality', 'cost', 'speed', 'balanced']).optional(),
    /** Domain instructions added to every phase's system prompt. */
    instructions: z.string().optional(),
    strategy: z.enum(PIPELINE_STRATEGIES).optional(),
    phases: z.array(phaseEntrySchema).min(1),
  })
  .superRefine((profile, context) => {
    for (const problem of pipelineGraphProblems(profile.phases))
      context.addIssue({ code: 'custom', message: problem.message, path: ['phases', ...problem.path] });
  });

const keywordList = z.array(z.string().min(1)).min(1);

/** The `pipelines` section of conclave.yaml. */
export const pipelinesConfigSchema = z
  .strictObject({
    /** multi_model: each phase on the model best suited to it; single_model: one model for every phase. */
    defaultStrategy: z.enum(PIPELINE_STRATEGIES).default('multi_model'),
    /** How many independent phases may run at the same time. */
    maxParallelPhases: z.number().int().positive().default(2),
    /** How long one model may work on a phase before the phase moves to its next model (default 300 s). */
    phaseTimeout: duration.prefault(300),
    /** How long a finished run is reused for the same agent, task, parameters and phases (0 turns caching off). */
    cacheTtl: duration.prefault('1h'),
    /** Primary plus fallbacks tried per phase. */
    maxModelsPerPhase: z.number().int().positive().default(3),
    /** Keyword-driven adaptation: simple → fast and fewer phases, complex → quality, fast/urgent → speed, creative → creative. */
    adaptive: z
      .strictObject({
        enabled: z.boolean().default(true),
        simple: keywordList.optional(),
        complex: keywordList.optional(),
        speed: keywordList.optional(),
        creative: keywordList.optional(),
      })
      .prefault({}),
    /** Custom agent profiles (whole pipelines); a built-in name replaces the built-in profile. */
    profiles: z
      .record(
        z.string().regex(/^[a-z][a-z0-9_-]*$/, 'profile names are lowercase words joined by - or _'),
        pipelineProfileSchema,
      )
      .default({}),
  })
  .prefault({});

export type PipelinesConfig = z.output<typeof pipelinesConfigSchema>;
export type PipelineProfileConfig = z.output<typeof pipelineProfileSchema>;
export type PhaseConfig = z.output<typeof phaseConfigSchema>;

export interface GraphProblem {
  message: string;
  path: (string | number)[];
}

/**
 * Checks a pipeline's phase graph: kinds known, names unique, dependencies existing, no cycle. Shared by
 * the config schema (errors at load time) and the orchestration (built-in and library-supplied profiles).
 */
export function pipelineGraphProblems(
  phases: readonly { name: string; kind?: string; dependsOn?: readonly string[] }[],
): GraphProblem[] {
  const problems: GraphProblem[] = [];
  const names = phases.map((phase) => phase.name);
  const known = new Set(names);
  phases.forEach((phase, index) => {
    if (!phase.kind && !(PHASE_KINDS as readonly string[]).includes(phase.name))
      problems.push({
        message: `phase "${phase.name}" needs a kind (one of ${PHASE_KINDS.join(', ')})`,
        path: [index, 'kind'],
      });
    if (names.indexOf(phase.name) !== index)
      problems.push({ message: `phase "${phase.name}" is defined twice`, path: [index, 'name'] });
    for (const dependency of phase.dependsOn ?? []) {
      if (dependency === phase.name)
        problems.push({ message: `phase "${phase.name}" depends on itself`, path: [index, 'dependsOn'] });
      else if (!known.has(dependency))
        problems.push({
          message: `phase "${phase.name}" depends on "${dependency}", which is not a phase of this pipeline (phases: ${names.join(', ')})`,
          path: [index, 'dependsOn'],
        });
    }
  });
  if (problems.length > 0) return problems;
  const cycle = findCycle(
    phases.map((phase, index) => ({ name: phase.name, dependsOn: dependenciesOf(phases, index) })),
  );
  if (cycle)
    problems.push({
      message: `phases form a dependency cycle (each depends on the next): ${cycle.join(' → ')}`,
      path: [],
    });
  return problems;
}

/** Explicit dependencies, or the phase listed just before (a list of phases is a chain by default). */
export function dependenciesOf(
  phases: readonly { name: string; dependsOn?: readonly string[] }[],
  index: number,
): string[] {
  const phase = phases[index]!;
  if (phase.dependsOn) return [...phase.dependsOn];
  return index > 0 ? [phases[index - 1]!.name] : [];
}

function findCycle(nodes: { name: string; dependsOn: string[] }[]): string[] | undefined {
  const byName = new Map(nodes.map((node) => [node.name, node]));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (name: string): string[] | undefined => {
    if (state.get(name) === 'done') return undefined;
    if (state.get(name) === 'visiting') return [...stack.slice(stack.indexOf(name)), name];
    state.set(name, 'visiting');
    stack.push(name);
    for (const dependency of byName.get(name)?.dependsOn ?? []) {
      const cycle = visit(dependency);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(name, 'done');
    return undefined;
  };
  for (const node of nodes) {
    const cycle = visit(node.name);
    if (cycle) return cycle;
  }
  return undefined;
}
