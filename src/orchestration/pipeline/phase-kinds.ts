import type { Objective } from '../../core/chat-request.js';
import type { TaskClass } from '../../core/task-class.js';
import type { PhaseKind, PipelineDefinition } from './pipeline-types.js';

export interface PhaseNeeds {
  /** What the phase's model must be good at, for the plan's reasons. */
  role: string;
  objective: (pipeline: PipelineDefinition) => Objective;
  taskClass: (pipeline: PipelineDefinition) => TaskClass;
  critical: boolean;
  /** Phases whose output is the solution (the final result comes from the last of these that succeeded). */
  producesSolution: boolean;
  temperature?: number;
  maxOutputTokens?: number;
  instructions: string;
}

const specialistObjective = (pipeline: PipelineDefinition): Objective => pipeline.objective ?? 'balanced';
const taskOf = (pipeline: PipelineDefinition): TaskClass => pipeline.taskClass;

/** Each phase kind's model needs, failure rule and default instructions (the brief's six phases). */
export const PHASE_NEEDS: Record<PhaseKind, PhaseNeeds> = {
  planning: {
    role: 'fast model to understand the task and write a concise plan',
    objective: () => 'speed',
    taskClass: () => 'general',
    critical: true,
    producesSolution: false,
    temperature: 0.2,
    maxOutputTokens: 600,
    instructions:
      'You are the planning phase of a multi-model pipeline. Read the task and write a concise, numbered plan (at most 8 steps) for solving it. Do not solve the task itself.',
  },
  research: {
    role: 'reasoning model to gather and organise information',
    objective: () => 'quality',
    taskClass: () => 'deep',
    critical: false,
    producesSolution: false,
    instructions:
      'You are the research phase of a multi-model pipeline. Gather and organise the facts, constraints, options and open questions relevant to the task as structured notes. Do not write the final solution.',
  },
  generation: {
    role: 'specialist for the task type to produce the solution',
    objective: specialistObjective,
    taskClass: taskOf,
    critical: true,
    producesSolution: true,
    instructions:
      'You are the generation phase of a multi-model pipeline. Produce the complete solution to the task, following the plan and research notes when they are given.',
  },
  review: {
    role: 'quality model to critique the solution',
    objective: () => 'quality',
    taskClass: taskOf,
    critical: false,
    producesSolution: false,
    temperature: 0.2,
    instructions:
      'You are the review phase of a multi-model pipeline. Critically review the solution against the task: list concrete problems (correctness, completeness, edge cases, clarity) and how to fix each. Do not rewrite the solution.',
  },
  refinement: {
    role: 'specialist to improve the solution using the review',
    objective: specialistObjective,
    taskClass: taskOf,
    critical: false,
    producesSolution: true,
    instructions:
      'You are the refinement phase of a multi-model pipeline. Improve the solution, addressing every point of the review. Return only the complete improved solution.',
  },
  validation: {
    role: 'accuracy model for a final pass/fail check',
    objective: () => 'quality',
    taskClass: taskOf,
    critical: false,
    producesSolution: false,
    temperature: 0,
    instructions:
      'You are the validation phase of a multi-model pipeline. Check the solution against the task. Answer with a first line "VERDICT: PASS" or "VERDICT: FAIL", then the reasons as a short list.',
  },
};

/** Phases that review or check a solution: routed away from the model that wrote it when possible. */
export const INDEPENDENT_CHECKS: ReadonlySet<PhaseKind> = new Set(['review', 'validation']);
