import { ConclaveError } from '../../../core/conclave-error.js';
import type { GradedAnswer } from '../graders/grade-answer.js';
import type { CandidateAnswer } from '../graders/grade-types.js';
import { askModel, taskRequest } from './ask-model.js';
import type { EvaluationEngine } from './evaluation-engine.js';
import type { CellRecord, EvaluationStore } from './evaluation-store.js';
import type { PlannedCell } from './plan-matrix.js';

export interface CellContext {
  runId: string;
  engine: EvaluationEngine;
  store: EvaluationStore;
  consent: boolean;
  signal?: AbortSignal;
  now: () => number;
  grade: (cell: PlannedCell, answer: CandidateAnswer) => Promise<GradedAnswer>;
}

export type CellOutcome =
  | { kind: 'ran' | 'regraded'; record: CellRecord }
  | { kind: 'failed'; record: CellRecord; error: string }
  | { kind: 'cancelled' };

/**
 * Asks the model and grades the answer (or re-grades a stored answer), stores the cell, and books what it
 * cost on the run as soon as it is spent, so a failure after the call still counts against the budget.
 */
export async function runCell(
  context: CellContext,
  cell: PlannedCell,
  previous?: CellRecord,
): Promise<CellOutcome> {
  const { runId, store, now } = context;
  let modelCostUsd = 0;
  try {
    if (previous?.answer) {
      const graded = await context.grade(cell, previous.answer);
      store.addSpend(runId, graded.costUsd);
      const record: CellRecord = {
        ...previous,
        gradeHash: cell.task.gradeHash,
        quality: graded.quality,
        grades: graded.grades,
        judgeCostUsd: graded.costUsd,
        createdAt: now(),
        prompt: cell.task.prompt,
      };
      store.putCell(record);
      return { kind: 'regraded', record };
    }
    const request = taskRequest(cell.task, cell.model.id, context.consent, context.signal);
    const asked = await askModel(context.engine.stream, request);
    modelCostUsd = asked.metrics.costUsd;
    store.addSpend(runId, modelCostUsd);
    if (asked.result.model !== cell.model.id)
      throw new ConclaveError('upstream', `answered by ${asked.result.model} instead of ${cell.model.id}`);
    const graded = await context.grade(cell, asked.answer);
    store.addSpend(runId, graded.costUsd);
    const record = baseCell(runId, cell, now(), {
      status: 'ok',
      quality: graded.quality,
      ...asked.metrics,
      judgeCostUsd: graded.costUsd,
      answer: asked.answer,
      grades: graded.grades,
    });
    store.putCell(record);
    return { kind: 'ran', record };
  } catch (error) {
    // An interrupted run records nothing for the cells it cancelled: they simply run on resume.
    if (context.signal?.aborted) return { kind: 'cancelled' };
    const message = error instanceof Error ? error.message : String(error);
    const record = baseCell(runId, cell, now(), {
      status: 'error',
      error: message,
      costUsd: modelCostUsd,
      judgeCostUsd: 0,
    });
    store.putCell(record);
    return { kind: 'failed', record, error: message };
  }
}

export function baseCell(
  runId: string,
  cell: PlannedCell,
  createdAt: number,
  fields: Omit<
    CellRecord,
    | 'runId'
    | 'taskId'
    | 'taskType'
    | 'model'
    | 'repetition'
    | 'promptHash'
    | 'gradeHash'
    | 'createdAt'
    | 'prompt'
  >,
): CellRecord {
  return {
    runId,
    taskId: cell.task.key,
    taskType: cell.task.taskType,
    model: cell.model.id,
    repetition: cell.repetition,
    promptHash: cell.task.promptHash,
    gradeHash: cell.task.gradeHash,
    createdAt,
    prompt: cell.task.prompt,
    ...fields,
  };
}
