import type { ModelProfile } from '../../../core/model-profile.js';
import type { EvaluationTask } from '../suite/evaluation-task.js';

export interface PlannedCell {
  task: EvaluationTask;
  model: ModelProfile;
  repetition: number;
  /** Why this pair is irrelevant and is not run (the model lacks a capability the task needs). */
  skip?: string;
}

/** The task × model × repetition matrix, with pairs the model cannot serve marked as skipped. */
export function planMatrix(
  tasks: readonly EvaluationTask[],
  models: readonly ModelProfile[],
  repeat: number,
): PlannedCell[] {
  const cells: PlannedCell[] = [];
  for (const task of tasks)
    for (const model of models) {
      const skip = skipReason(task, model);
      for (let repetition = 0; repetition < repeat; repetition += 1)
        cells.push({ task, model, repetition, ...(skip ? { skip } : {}) });
    }
  return cells;
}

export function skipReason(task: EvaluationTask, model: ModelProfile): string | undefined {
  if (model.supports.embeddings && !model.supports.streaming) return 'embedding model';
  const missing = task.requires.filter((capability) => !model.supports[capability]);
  if (missing.length > 0) return `model lacks ${missing.join(', ')} support`;
  return undefined;
}

export function cellKey(taskKey: string, model: string, repetition: number): string {
  return `${taskKey}\u0000${model}\u0000${repetition}`;
}
