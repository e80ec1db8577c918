import type { DatabaseSync } from 'node:sqlite';
import { redactSecrets } from '../../../privacy/scan-secrets.js';
import { inWriteTransaction } from '../../../store/in-write-transaction.js';
import type { CandidateAnswer, GradeResult } from '../graders/grade-types.js';

export type RunKind = 'run' | 'import';
/** incomplete: some cells failed (they are retried on resume). */
export type RunStatus = 'running' | 'complete' | 'incomplete' | 'budget-stopped' | 'interrupted' | 'imported';
export type CellStatus = 'ok' | 'error' | 'skipped';

export interface RunRecord {
  id: string;
  kind: RunKind;
  /** Suite names, or the imported file's name. */
  label: string;
  createdAt: number;
  updatedAt: number;
  status: RunStatus;
  models: string[];
  repeat: number;
  suites: { name: string; file: string; hash: string }[];
  budgetUsd?: number;
  notes?: unknown;
}

export interface CellRecord {
  runId: string;
  taskId: string;
  taskType: string;
  model: string;
  repetition: number;
  promptHash: string;
  gradeHash: string;
  status: CellStatus;
  quality?: number;
  ttftMs?: number;
  latencyMs?: number;
  tokensPerSec?: number;
  inputTokens?: number;
  outputTokens?: number;
  /** The model call's cost; undefined when unknown (imported data without prices). */
  costUsd?: number;
  judgeCostUsd: number;
  answer?: CandidateAnswer;
  grades?: GradeResult[];
  error?: string;
  /** Imports: the dataset's own name for the model. */
  datasetModel?: string;
  createdAt: number;
  /** The question's text: written once per prompt hash (never read back into a cell). */
  prompt?: string;
}

interface RunRow {
  id: string;
  kind: RunKind;
  label: string;
  created_at: number;
  updated_at: number;
  status: RunStatus;
  models_json: string;
  repeat: number;
  suites_json: string;
  budget_usd: number | null;
  notes_json: string | null;
}

/** One graded answer with its question's text. */
export interface GradedQuestion {
  promptHash: string;
  prompt: string;
  taskType: string;
  model: string;
  quality: number;
  costUsd: number | null;
}

interface CellRow {
  run_id: string;
  task_id: string;
  task_type: string;
  model: string;
  repetition: number;
  task_hash: string;
  status: CellStatus;
  quality: number | null;
  ttft_ms: number | null;
  latency_ms: number | null;
  tokens_per_sec: number | null;
  input_tokens: number | null;
  output_tokens: number | null;
  cost_usd: number | null;
  judge_cost_usd: number;
  answer: string | null;
  grades_json: string | null;
  error: string | null;
  dataset_model: string | null;
  created_at: number;
}

const orUndefined = <T>(value: T | null): T | undefined => (value === null ? undefined : value);
const parseJson = <T>(text: string | null): T | undefined =>
  text === null ? undefined : (JSON.parse(text) as T);

/** Runs and their graded cells: what resume skips, what the report aggregates. */
export function createEvaluationStore(database: DatabaseSync) {
  const insertCell = database.prepare(
    `INSERT OR REPLACE INTO evaluation_cells (run_id, task_id, task_type, model, repetition, task_hash, status,
       quality, ttft_ms, latency_ms, tokens_per_sec, input_tokens, output_tokens, cost_usd, judge_cost_usd,
       answer, grades_json, error, dataset_model, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertPrompt = database.prepare(
    'INSERT OR IGNORE INTO evaluation_prompts (prompt_hash, prompt) VALUES (?, ?)',
  );
  const putCell = (cell: CellRecord) => {
    if (cell.prompt !== undefined && cell.promptHash !== '')
      insertPrompt.run(cell.promptHash, redactSecrets(cell.prompt));
    insertCell.run(
      cell.runId,
      cell.taskId,
      cell.taskType,
      cell.model,
      cell.repetition,
      `${cell.promptHash}:${cell.gradeHash}`,
      cell.status,
      cell.quality ?? null,
      cell.ttftMs ?? null,
      cell.latencyMs ?? null,
      cell.tokensPerSec ?? null,
      cell.inputTokens ?? null,
      cell.outputTokens ?? null,
      cell.costUsd ?? null,
      cell.judgeCostUsd,
      cell.answer ? JSON.stringify(cell.answer) : null,
      cell.grades ? JSON.stringify(cell.grades) : null,
      cell.error ?? null,
      cell.datasetModel ?? null,
      cell.createdAt,
    );
  };

  return {
    createRun(run: RunRecord): void {
      database
        .prepare(
          `INSERT INTO evaluation_runs (id, kind, label, created_at, updated_at, status, models_json, repeat,
             suites_json, budget_usd, notes_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          run.id,
          run.kind,
          run.label,
          run.createdAt,
          run.updatedAt,
          run.status,
          JSON.stringify(run.models),
          run.repeat,
          JSON.stringify(run.suites),
          run.budgetUsd ?? null,
          run.notes === undefined ? null : JSON.stringify(run.notes),
        );
    },
    updateRun(id: string, patch: Partial<Omit<RunRecord, 'id' | 'kind' | 'createdAt'>>): void {
      const current = this.getRun(id);
      if (!current) return;
      const next = { ...current, ...patch };
      database
        .prepare(
          `UPDATE evaluation_runs SET label = ?, updated_at = ?, status = ?, models_json = ?, repeat = ?,
             suites_json = ?, budget_usd = ?, notes_json = ? WHERE id = ?`,
        )
        .run(
          next.label,
          next.updatedAt,
          next.status,
          JSON.stringify(next.models),
          next.repeat,
          JSON.stringify(next.suites),
          next.budgetUsd ?? null,
          next.notes === undefined ? null : JSON.stringify(next.notes),
          id,
        );
    },
    getRun(id: string): RunRecord | undefined {
      const row = database.prepare('SELECT * FROM evaluation_runs WHERE id = ?').get(id) as
        | RunRow
        | undefined;
      return row ? toRun(row) : undefined;
    },
    /** Newest first. */
    listRuns(): RunRecord[] {
      return (
        database
          .prepare('SELECT * FROM evaluation_runs ORDER BY created_at DESC, id DESC')
          .all() as unknown as RunRow[]
      ).map(toRun);
    },
    cells(runId: string): CellRecord[] {
      return (
        database.prepare('SELECT * FROM evaluation_cells WHERE run_id = ?').all(runId) as unknown as CellRow[]
      ).map(toCell);
    },
    /** Cells with a status, of the given runs (all runs when none are given), for the report. */
    cellsWithStatus(status: CellStatus, runIds?: readonly string[]): CellRecord[] {
      const filter = runIds?.length ? ` AND run_id IN (${runIds.map(() => '?').join(', ')})` : '';
      return (
        database
          .prepare(
            `SELECT * FROM evaluation_cells WHERE status = ?${filter} ORDER BY run_id, task_id, model, repetition`,
          )
          .all(status, ...(runIds ?? [])) as unknown as CellRow[]
      ).map(toCell);
    },
    putCell,
    /**
     * Every graded answer whose question text is stored, of the given runs (all runs when none are given):
     * what the learned router trains on. Oldest first.
     */
    graded(runIds?: readonly string[]): GradedQuestion[] {
      const filter = runIds?.length ? ` AND c.run_id IN (${runIds.map(() => '?').join(', ')})` : '';
      return database
        .prepare(
          `SELECT p.prompt_hash AS promptHash, p.prompt AS prompt, c.task_type AS taskType, c.model AS model,
             c.quality AS quality, c.cost_usd AS costUsd
           FROM evaluation_cells c
           JOIN evaluation_prompts p ON p.prompt_hash = substr(c.task_hash, 1, instr(c.task_hash, ':') - 1)
           WHERE c.status = 'ok' AND c.quality IS NOT NULL${filter}
           ORDER BY c.created_at, c.run_id, c.task_id, c.model, c.repetition`,
        )
        .all(...(runIds ?? [])) as unknown as GradedQuestion[];
    },
    /** Everything a run has paid for (models and judges, failed cells included), over every invocation. */
    spentUsd(runId: string): number {
      const row = database.prepare('SELECT spent_usd FROM evaluation_runs WHERE id = ?').get(runId) as
        | { spent_usd: number }
        | undefined;
      return row?.spent_usd ?? 0;
    },
    addSpend(runId: string, usd: number): void {
      if (usd > 0)
        database.prepare('UPDATE evaluation_runs SET spent_usd = spent_usd + ? WHERE id = ?').run(usd, runId);
    },
    /** Replaces an import run and all its cells in one transaction (re-importing a file is idempotent). */
    replaceImport(run: RunRecord, cells: Iterable<CellRecord>): number {
      return inWriteTransaction(database, () => {
        database.prepare('DELETE FROM evaluation_cells WHERE run_id = ?').run(run.id);
        database.prepare('DELETE FROM evaluation_runs WHERE id = ?').run(run.id);
        this.createRun(run);
        let count = 0;
        for (const cell of cells) {
          putCell(cell);
          count += 1;
        }
        // Question texts only the replaced import used go with it (the subquery is materialized once).
        database
          .prepare(
            `DELETE FROM evaluation_prompts WHERE prompt_hash NOT IN
               (SELECT substr(task_hash, 1, instr(task_hash, ':') - 1) FROM evaluation_cells)`,
          )
          .run();
        return count;
      });
    },
  };
}

export type EvaluationStore = ReturnType<typeof createEvaluationStore>;

function toRun(row: RunRow): RunRecord {
  return {
    id: row.id,
    kind: row.kind,
    label: row.label,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    status: row.status,
    models: JSON.parse(row.models_json) as string[],
    repeat: row.repeat,
    suites: JSON.parse(row.suites_json) as RunRecord['suites'],
    budgetUsd: orUndefined(row.budget_usd),
    notes: parseJson(row.notes_json),
  };
}

function toCell(row: CellRow): CellRecord {
  const [promptHash = '', gradeHash = ''] = row.task_hash.split(':');
  return {
    runId: row.run_id,
    taskId: row.task_id,
    taskType: row.task_type,
    model: row.model,
    repetition: row.repetition,
    promptHash,
    gradeHash,
    status: row.status,
    quality: orUndefined(row.quality),
    ttftMs: orUndefined(row.ttft_ms),
    latencyMs: orUndefined(row.latency_ms),
    tokensPerSec: orUndefined(row.tokens_per_sec),
    inputTokens: orUndefined(row.input_tokens),
    outputTokens: orUndefined(row.output_tokens),
    costUsd: orUndefined(row.cost_usd),
    judgeCostUsd: row.judge_cost_usd,
    answer: parseJson(row.answer),
    grades: parseJson(row.grades_json),
    error: orUndefined(row.error),
    datasetModel: orUndefined(row.dataset_model),
    createdAt: row.created_at,
  };
}
