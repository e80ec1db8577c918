import { createHash } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { redactSecrets } from '../../privacy/scan-secrets.js';
import type { MultiModelResult, PipelinePlan } from './pipeline-types.js';

export interface RunRecord {
  id: string;
  createdAt: number;
  agent: string;
  task: string;
  parameters: Record<string, unknown>;
  phases: string[];
  strategy: string;
  status: 'ok' | 'failed' | 'cached';
  cacheKey?: string;
  cachedFrom?: string;
  finalResult?: string;
  errorKind?: string;
  errorMessage?: string;
  successfulPhases: number;
  totalPhases: number;
  totalTokens: number;
  totalCost: number;
  executionMs: number;
  models: string[];
  result?: unknown;
}

export type StoredRun = Omit<RunRecord, 'result' | 'parameters'> & { parameters: unknown };

/**
 * Pipeline runs and the result cache (`pipeline_runs`, `pipeline_cache`). Like the request log, what is
 * written never contains a detected secret: task, parameters and outputs are redacted first.
 */
export function createPipelineStore(database: DatabaseSync) {
  return {
    recordRun(run: RunRecord): void {
      database
        .prepare(`INSERT OR REPLACE INTO pipeline_runs (id, created_at, agent, task, parameters_json, phases_json,
          strategy, status, cache_key, cached_from, final_result, error_kind, error_message, successful_phases,
          total_phases, total_tokens, total_cost, execution_ms, models_json, result_json)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(
          run.id,
          run.createdAt,
          run.agent,
          redactSecrets(run.task),
          JSON.stringify(redactStrings(run.parameters)),
          JSON.stringify(run.phases),
          run.strategy,
          run.status,
          run.cacheKey ?? null,
          run.cachedFrom ?? null,
          run.finalResult === undefined ? null : redactSecrets(run.finalResult),
          run.errorKind ?? null,
          run.errorMessage ?? null,
          run.successfulPhases,
          run.totalPhases,
          run.totalTokens,
          run.totalCost,
          run.executionMs,
          JSON.stringify(run.models),
          run.result === undefined ? null : JSON.stringify(redactOutputs(run.result)),
        );
    },
    runs({ limit = 20, agent }: { limit?: number; agent?: string } = {}): StoredRun[] {
      const rows = (
        agent
          ? database
              .prepare('SELECT * FROM pipeline_runs WHERE agent = ? ORDER BY created_at DESC LIMIT ?')
              .all(agent, limit)
          : database.prepare('SELECT * FROM pipeline_runs ORDER BY created_at DESC LIMIT ?').all(limit)
      ) as Record<string, unknown>[];
      return rows.map(fromRow);
    },
    /** A live cached result, or undefined; expired entries are removed on the way. */
    cached(
      key: string,
      now: number,
    ): { runId: string; createdAt: number; result: MultiModelResult } | undefined {
      database.prepare('DELETE FROM pipeline_cache WHERE expires_at <= ?').run(now);
      const row = database
        .prepare('SELECT run_id, created_at, result_json FROM pipeline_cache WHERE cache_key = ?')
        .get(key) as { run_id: string; created_at: number; result_json: string } | undefined;
      if (!row) return undefined;
      return {
        runId: row.run_id,
        createdAt: row.created_at,
        result: JSON.parse(row.result_json) as MultiModelResult,
      };
    },
    cache(key: string, result: MultiModelResult, now: number, ttlMs: number): void {
      database
        .prepare(
          'INSERT OR REPLACE INTO pipeline_cache (cache_key, created_at, expires_at, run_id, result_json) VALUES (?, ?, ?, ?, ?)',
        )
        .run(key, now, now + ttlMs, result.runId, JSON.stringify(redactOutputs(result)));
    },
  };
}

export type PipelineStore = ReturnType<typeof createPipelineStore>;

/** Same agent (and definition), task, parameters, phase set, constraints and strategy → same key. */
export function cacheKey(plan: PipelinePlan, task: string, parameters: Record<string, unknown>): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        plan.agent,
        plan.definitionHash,
        plan.strategyType,
        // Each phase's routing too: a run under other constraints (local only, allow/deny) is another run.
        // Not the chosen models: live latency evidence may reorder them between two identical requests.
        plan.phases.map((phase) => [phase.phase, stable(phase.routing)]),
        task,
        stable(parameters),
      ]),
    )
    .digest('hex');
}

/** The texts a run carries (outputs, errors, reasons); ids and numbers stay as they are. */
function redactOutputs<T>(result: T): T {
  if (!result || typeof result !== 'object') return result;
  const copy = { ...(result as Record<string, unknown>) };
  if (typeof copy.finalResult === 'string') copy.finalResult = redactSecrets(copy.finalResult);
  if (Array.isArray(copy.phaseResults))
    copy.phaseResults = copy.phaseResults.map((phase: Record<string, unknown>) => ({
      ...phase,
      result: typeof phase.result === 'string' ? redactSecrets(phase.result) : phase.result,
      error: typeof phase.error === 'string' ? redactSecrets(phase.error) : phase.error,
    }));
  const validation = copy.validation as { reasons?: string } | undefined;
  if (validation?.reasons) copy.validation = { ...validation, reasons: redactSecrets(validation.reasons) };
  return copy as T;
}

function redactStrings(value: unknown): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (Array.isArray(value)) return value.map(redactStrings);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, redactStrings(entry)]));
  return value;
}

/** Key order never changes the cache key. */
function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, stable((value as Record<string, unknown>)[key])]),
    );
  return value;
}

function fromRow(row: Record<string, unknown>): StoredRun {
  const text = (key: string) => (row[key] === null ? undefined : String(row[key]));
  return {
    id: String(row.id),
    createdAt: Number(row.created_at),
    agent: String(row.agent),
    task: String(row.task),
    parameters: JSON.parse(String(row.parameters_json)),
    phases: JSON.parse(String(row.phases_json)) as string[],
    strategy: String(row.strategy),
    status: String(row.status) as StoredRun['status'],
    cacheKey: text('cache_key'),
    cachedFrom: text('cached_from'),
    finalResult: text('final_result'),
    errorKind: text('error_kind'),
    errorMessage: text('error_message'),
    successfulPhases: Number(row.successful_phases),
    totalPhases: Number(row.total_phases),
    totalTokens: Number(row.total_tokens),
    totalCost: Number(row.total_cost),
    executionMs: Number(row.execution_ms),
    models: JSON.parse(String(row.models_json)) as string[],
  };
}
