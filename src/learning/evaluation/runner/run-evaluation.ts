import { randomBytes } from 'node:crypto';
import { requireModel } from '../../../catalog/find-model.js';
import { ConclaveError } from '../../../core/conclave-error.js';
import { gradeAnswer } from '../graders/grade-answer.js';
import type { CandidateAnswer, GradeContext } from '../graders/grade-types.js';
import type { Sandbox } from '../sandbox/create-sandbox.js';
import { codeTestLanguages } from '../suite/code-test-languages.js';
import type { EvaluationSuite } from '../suite/evaluation-task.js';
import { taskRequest } from './ask-model.js';
import { createJudge, prepareJudges } from './create-judge.js';
import type { EvaluationEngine } from './evaluation-engine.js';
import type { CellRecord, EvaluationStore, RunStatus } from './evaluation-store.js';
import { cellKey, type PlannedCell, planMatrix } from './plan-matrix.js';
import { baseCell, type CellContext, runCell } from './run-cell.js';

export interface RunEvaluationOptions {
  engine: EvaluationEngine;
  store: EvaluationStore;
  suites: readonly EvaluationSuite[];
  /** Model ids or aliases; empty when resuming a run with its stored models. */
  models: readonly string[];
  /** Resume (or create under this name) a run; a new id is generated when absent. */
  runId?: string;
  repeat: number;
  concurrency: number;
  budgetUsd?: number;
  judgeModel: string;
  consent: boolean;
  sandbox: Sandbox;
  sandboxDefaults: { timeoutMs: number; memoryMb: number };
  /** Aborting stops starting cells and cancels the ones in flight; the run stays resumable. */
  signal?: AbortSignal;
  onProgress?: (progress: EvaluationProgress) => void;
  now?: () => number;
}

export interface EvaluationProgress {
  done: number;
  total: number;
  spentUsd: number;
  /** The cell just finished; undefined for the initial event. */
  cell?: { task: string; model: string; repetition: number; status: 'ok' | 'error'; quality?: number };
}

export interface EvaluationSummary {
  runId: string;
  status: RunStatus;
  /** Cells to grade (skipped pairs excluded). */
  total: number;
  /** Graded cells after this invocation, including those reused from earlier invocations. */
  completed: number;
  reused: number;
  ran: number;
  regraded: number;
  notStarted: number;
  failed: { task: string; model: string; repetition: number; error: string }[];
  skipped: { task: string; model: string; reason: string }[];
  /** Run total, every invocation (models + judges), USD. */
  spentUsd: number;
  budgetUsd?: number;
  models: string[];
}

/**
 * Runs the task × model matrix: cells already graded are reused, cells whose graders changed are re-graded
 * from the stored answer, the rest are asked with at most `concurrency` in flight. Before a cell starts,
 * its estimated cost (model + judges) is reserved against the budget; when the next cell would not fit,
 * no further cell starts, the ones in flight finish and are stored, and the run ends as `budget-stopped`.
 */
export async function runEvaluation(options: RunEvaluationOptions): Promise<EvaluationSummary> {
  const { engine, store } = options;
  const now = options.now ?? Date.now;
  const existing = options.runId ? store.getRun(options.runId) : undefined;
  if (existing && existing.kind !== 'run')
    throw new ConclaveError('bad-request', `${existing.id} is an imported dataset, not a suite run.`, {
      hint: 'Choose another --run name.',
    });
  const modelNames = options.models.length > 0 ? options.models : (existing?.models ?? []);
  if (modelNames.length === 0)
    throw new ConclaveError('bad-request', 'No models to evaluate.', {
      hint: 'Pass --models a,b,c (model ids from `conclave models`).',
    });
  const models = [
    ...new Map(
      modelNames.map((name) => requireModel(engine.profiles(), name)).map((model) => [model.id, model]),
    ).values(),
  ];
  // A model that cannot be used at all (no key, external without consent) fails here, with the router's
  // own message and fix, instead of failing every one of its cells.
  for (const model of models)
    engine.route({
      model: model.id,
      prompt: [{ role: 'user', content: [{ type: 'text', text: 'availability check' }] }],
      options: {},
      routing: { allowFallbacks: false },
      consent: options.consent,
    });
  const tasks = options.suites.flatMap((suite) => suite.tasks);
  const judgeEstimate = prepareJudges(engine, tasks, options.judgeModel, options.consent);
  for (const language of codeTestLanguages(tasks)) await options.sandbox.containment(language);

  const runId =
    options.runId ??
    `eval-${new Date(now()).toISOString().replace(/\D/g, '').slice(0, 14)}-${randomBytes(2).toString('hex')}`;
  const runFields = {
    label: options.suites.map((suite) => suite.name).join(', '),
    updatedAt: now(),
    status: 'running' as const,
    models: models.map((model) => model.id),
    repeat: options.repeat,
    suites: options.suites.map((suite) => ({ name: suite.name, file: suite.file, hash: suite.hash })),
    budgetUsd: options.budgetUsd,
  };
  if (existing) store.updateRun(runId, runFields);
  else store.createRun({ id: runId, kind: 'run', createdAt: now(), ...runFields });

  const stored = new Map(
    store.cells(runId).map((cell) => [cellKey(cell.taskId, cell.model, cell.repetition), cell]),
  );
  const planned = planMatrix(tasks, models, options.repeat);
  const skipped: EvaluationSummary['skipped'] = [];
  const work: { cell: PlannedCell; previous?: CellRecord }[] = [];
  let reused = 0;
  for (const cell of planned) {
    const previous = stored.get(cellKey(cell.task.key, cell.model.id, cell.repetition));
    if (cell.skip) {
      if (cell.repetition === 0)
        skipped.push({ task: cell.task.key, model: cell.model.id, reason: cell.skip });
      store.putCell(baseCell(runId, cell, now(), { status: 'skipped', error: cell.skip, judgeCostUsd: 0 }));
      continue;
    }
    const sameQuestion = previous?.status === 'ok' && previous.promptHash === cell.task.promptHash;
    if (sameQuestion && previous.gradeHash === cell.task.gradeHash) reused += 1;
    else work.push({ cell, previous: sameQuestion && previous.answer ? previous : undefined });
  }

  const total = reused + work.length;
  let spentUsd = store.spentUsd(runId);
  let reservedUsd = 0;
  let done = reused;
  let budgetStopped = false;
  const failed: EvaluationSummary['failed'] = [];
  let ran = 0;
  let regraded = 0;
  const judge = createJudge(engine, options.consent, options.signal);
  options.onProgress?.({ done, total, spentUsd });

  const estimate = ({ cell, previous }: (typeof work)[number]): number => {
    const judging = judgeEstimate(cell.task);
    if (previous) return judging;
    const request = taskRequest(cell.task, cell.model.id, options.consent);
    return engine.route(request).estimate.costUsd + judging;
  };

  const grade = (cell: PlannedCell, answer: CandidateAnswer) => {
    const context: GradeContext = {
      task: cell.task,
      answer,
      judge,
      defaultJudgeModel: options.judgeModel,
      sandbox: options.sandbox,
      sandboxDefaults: options.sandboxDefaults,
    };
    return gradeAnswer(context);
  };

  const cellContext: CellContext = {
    runId,
    engine,
    store,
    consent: options.consent,
    signal: options.signal,
    now,
    grade,
  };
  const execute = async ({ cell, previous }: (typeof work)[number]): Promise<void> => {
    const outcome = await runCell(cellContext, cell, previous);
    if (outcome.kind === 'cancelled') return;
    if (outcome.kind === 'ran') ran += 1;
    if (outcome.kind === 'regraded') regraded += 1;
    if (outcome.kind === 'failed')
      failed.push({
        task: cell.task.key,
        model: cell.model.id,
        repetition: cell.repetition,
        error: outcome.error,
      });
    spentUsd = store.spentUsd(runId);
    if (outcome.record.status === 'ok') done += 1;
    options.onProgress?.({
      done,
      total,
      spentUsd,
      cell: {
        task: cell.task.key,
        model: cell.model.id,
        repetition: cell.repetition,
        status: outcome.record.status === 'ok' ? 'ok' : 'error',
        quality: outcome.record.quality,
      },
    });
  };

  let next = 0;
  let started = 0;
  const worker = async () => {
    while (next < work.length && !budgetStopped && !options.signal?.aborted) {
      const item = work[next]!;
      const cost = estimate(item);
      if (options.budgetUsd !== undefined && spentUsd + reservedUsd + cost > options.budgetUsd) {
        budgetStopped = true;
        return;
      }
      next += 1;
      started += 1;
      reservedUsd += cost;
      try {
        await execute(item);
      } finally {
        reservedUsd -= cost;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, work.length)) }, worker));

  const status: RunStatus = options.signal?.aborted
    ? 'interrupted'
    : budgetStopped
      ? 'budget-stopped'
      : failed.length > 0
        ? 'incomplete'
        : 'complete';
  store.updateRun(runId, { status, updatedAt: now() });
  return {
    runId,
    status,
    total,
    completed: done,
    reused,
    ran,
    regraded,
    notStarted: work.length - started,
    failed,
    skipped,
    spentUsd: store.spentUsd(runId),
    budgetUsd: options.budgetUsd,
    models: models.map((model) => model.id),
  };
}
