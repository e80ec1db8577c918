import { createHash } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
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

/** Pipeline runs and the result cache (`pipeline_runs`, `pipeline_cache`). */
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
          run.task,
          JSON.stringify(run.parameters),
          JSON.stringify(run.phases),
          run.strategy,
          run.status,
          run.cacheKey ?? null,
          run.cachedFrom ?? null,
          run.finalResult ?? null,
          run.errorKind ?? null,
          run.errorMessage ?? null,
          run.successfulPhases,
          run.totalPhases,
          run.totalTokens,
          run.totalCost,
          run.executionMs,
          JSON.stringify(run.models),
          run.result === undefined ? null : JSON.stringify(run.result),
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
        .run(key, now, now + ttlMs, result.runId, JSON.stringify(result));
    },
  };
}

export type PipelineStore = ReturnType<typeof createPipelineStore>;

/** Same agent, task, parameters, phase set, strategy and definition → same key. */
export function cacheKey(plan: PipelinePlan, task: string, parameters: Record<string, unknown>): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        plan.agent,
        plan.definitionHash,
        plan.strategyType,
        plan.phases.map((phase) => phase.phase),
        task,
        stable(parameters),
      ]),
    )
    .digest('hex');
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
