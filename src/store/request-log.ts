import type { DatabaseSync, StatementSync } from 'node:sqlite';

export interface AttemptRecord {
  model: string;
  provider?: string;
  taskClass?: string;
  status: 'ok' | 'error';
  errorKind?: string;
  httpStatus?: number;
  errorMessage?: string;
  startedAt: number;
  latencyMs?: number;
  ttftMs?: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

export interface RequestRecord {
  id: string;
  createdAt: number;
  kind: 'chat' | 'embedding' | 'council' | 'ensemble' | 'pipeline' | 'evaluation' | 'judge';
  apiKeyId?: string;
  sessionId?: string;
  modelRequested?: string;
  model?: string;
  provider?: string;
  location?: string;
  taskClass?: string;
  objective?: string;
  routeReason?: string;
  decision?: unknown;
  status: 'ok' | 'error';
  errorKind?: string;
  errorMessage?: string;
  finishReason?: string;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  latencyMs?: number;
  ttftMs?: number;
  fallbacks?: string[];
  warnings?: string[];
  /** Messages after secret redaction; never contains credentials. */
  prompt?: unknown;
  responseText?: string;
  attempts: AttemptRecord[];
}

export interface RequestLogQuery {
  model?: string;
  since?: number;
  limit?: number;
  status?: 'ok' | 'error';
}

export type StoredRequest = Omit<RequestRecord, 'attempts' | 'decision' | 'prompt'> & {
  attempts?: AttemptRecord[];
};

/**
 * The request log. Writes are queued and committed in one transaction every few milliseconds so logging
 * stays off the hot path; a crash loses at most the last uncommitted batch, never a committed row.
 */
export function createRequestLog(database: DatabaseSync) {
  const insertRequest =
    database.prepare(`INSERT OR REPLACE INTO requests (id, created_at, kind, api_key_id, session_id,
    model_requested, model, provider, location, task_class, objective, route_reason, decision_json, status, error_kind,
    error_message, finish_reason, input_tokens, output_tokens, cost_usd, latency_ms, ttft_ms, fallbacks_json,
    warnings_json, prompt_json, response_text) VALUES (${placeholders(26)})`);
  const insertAttempt =
    database.prepare(`INSERT INTO attempts (request_id, position, model, provider, task_class, status,
    error_kind, http_status, error_message, started_at, latency_ms, ttft_ms, input_tokens, output_tokens, cost_usd)
    VALUES (${placeholders(15)})`);
  const selectOlder = database.prepare(
    'SELECT id FROM requests WHERE created_at < ? ORDER BY created_at LIMIT ?',
  );
  const deleteIds = database.prepare('DELETE FROM requests WHERE id IN (SELECT value FROM json_each(?))');
  let queue: RequestRecord[] = [];
  let scheduled = false;
  let closed = false;

  const flush = (): void => {
    scheduled = false;
    if (queue.length === 0 || closed) return;
    const batch = queue;
    queue = [];
    database.exec('BEGIN');
    try {
      for (const record of batch) write(insertRequest, insertAttempt, record);
      database.exec('COMMIT');
    } catch (error) {
      database.exec('ROLLBACK');
      throw error;
    }
  };

  return {
    append(record: RequestRecord): void {
      queue.push(record);
      // Rows are committed in batches every FLUSH_MS (one transaction, few page writes); a burst flushes early.
      if (queue.length >= MAX_BATCH) flush();
      else if (!scheduled) {
        scheduled = true;
        setTimeout(flush, FLUSH_MS).unref();
      }
    },
    flush,
    /** After close, late records (a stream finishing during shutdown) are dropped instead of crashing. */
    close(): void {
      flush();
      closed = true;
    },
    query(options: RequestLogQuery = {}): StoredRequest[] {
      flush();
      const conditions: string[] = [];
      const values: (string | number)[] = [];
      if (options.model) {
        conditions.push('model = ?');
        values.push(options.model);
      }
      if (options.since !== undefined) {
        conditions.push('created_at >= ?');
        values.push(options.since);
      }
      if (options.status) {
        conditions.push('status = ?');
        values.push(options.status);
      }
      const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
      const rows = database
        .prepare(`SELECT * FROM requests ${where} ORDER BY created_at DESC LIMIT ?`)
        .all(...values, options.limit ?? 100) as Record<string, unknown>[];
      return rows.map(fromRow);
    },
    attemptsOf(requestId: string): AttemptRecord[] {
      flush();
      const rows = database
        .prepare('SELECT * FROM attempts WHERE request_id = ? ORDER BY position')
        .all(requestId) as Record<string, unknown>[];
      return rows.map(attemptFromRow);
    },
    /**
     * Deletes up to `limit` of the oldest requests created before `cutoff`, with their attempts, in one
     * transaction; `beforeDelete` sees their ids first. Returns how many went.
     */
    deleteOlderThan(cutoff: number, limit = 1_000, beforeDelete?: (ids: string[]) => void): number {
      flush();
      const ids = (selectOlder.all(cutoff, limit) as { id: string }[]).map((row) => row.id);
      if (ids.length === 0) return 0;
      database.exec('BEGIN');
      try {
        beforeDelete?.(ids);
        deleteIds.run(JSON.stringify(ids));
        database.exec('COMMIT');
      } catch (error) {
        database.exec('ROLLBACK');
        throw error;
      }
      return ids.length;
    },
  };
}

export type RequestLog = ReturnType<typeof createRequestLog>;

const FLUSH_MS = 20;
const MAX_BATCH = 500;

function write(insertRequest: StatementSync, insertAttempt: StatementSync, record: RequestRecord): void {
  insertRequest.run(
    record.id,
    record.createdAt,
    record.kind,
    record.apiKeyId ?? null,
    record.sessionId ?? null,
    record.modelRequested ?? null,
    record.model ?? null,
    record.provider ?? null,
    record.location ?? null,
    record.taskClass ?? null,
    record.objective ?? null,
    record.routeReason ?? null,
    json(record.decision),
    record.status,
    record.errorKind ?? null,
    record.errorMessage ?? null,
    record.finishReason ?? null,
    record.inputTokens,
    record.outputTokens,
    record.costUsd,
    record.latencyMs ?? null,
    record.ttftMs ?? null,
    json(record.fallbacks),
    json(record.warnings),
    json(record.prompt),
    record.responseText ?? null,
  );
  record.attempts.forEach((attempt, position) => {
    insertAttempt.run(
      record.id,
      position,
      attempt.model,
      attempt.provider ?? null,
      attempt.taskClass ?? null,
      attempt.status,
      attempt.errorKind ?? null,
      attempt.httpStatus ?? null,
      attempt.errorMessage ?? null,
      attempt.startedAt,
      attempt.latencyMs ?? null,
      attempt.ttftMs ?? null,
      attempt.inputTokens,
      attempt.outputTokens,
      attempt.costUsd,
    );
  });
}

function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}

function json(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

function fromRow(row: Record<string, unknown>): StoredRequest {
  return {
    id: String(row.id),
    createdAt: Number(row.created_at),
    kind: row.kind as StoredRequest['kind'],
    apiKeyId: optionalString(row.api_key_id),
    sessionId: optionalString(row.session_id),
    modelRequested: optionalString(row.model_requested),
    model: optionalString(row.model),
    provider: optionalString(row.provider),
    location: optionalString(row.location),
    taskClass: optionalString(row.task_class),
    objective: optionalString(row.objective),
    routeReason: optionalString(row.route_reason),
    status: row.status as 'ok' | 'error',
    errorKind: optionalString(row.error_kind),
    errorMessage: optionalString(row.error_message),
    finishReason: optionalString(row.finish_reason),
    inputTokens: Number(row.input_tokens),
    outputTokens: Number(row.output_tokens),
    costUsd: Number(row.cost_usd),
    latencyMs: optionalNumber(row.latency_ms),
    ttftMs: optionalNumber(row.ttft_ms),
    fallbacks: row.fallbacks_json ? (JSON.parse(String(row.fallbacks_json)) as string[]) : [],
    warnings: row.warnings_json ? (JSON.parse(String(row.warnings_json)) as string[]) : [],
    responseText: optionalString(row.response_text),
  };
}

function attemptFromRow(row: Record<string, unknown>): AttemptRecord {
  return {
    model: String(row.model),
    provider: optionalString(row.provider),
    taskClass: optionalString(row.task_class),
    status: row.status as 'ok' | 'error',
    errorKind: optionalString(row.error_kind),
    httpStatus: optionalNumber(row.http_status),
    errorMessage: optionalString(row.error_message),
    startedAt: Number(row.started_at),
    latencyMs: optionalNumber(row.latency_ms),
    ttftMs: optionalNumber(row.ttft_ms),
    inputTokens: Number(row.input_tokens),
    outputTokens: Number(row.output_tokens),
    costUsd: Number(row.cost_usd),
  };
}

function optionalString(value: unknown): string | undefined {
  return value === null || value === undefined ? undefined : String(value);
}

function optionalNumber(value: unknown): number | undefined {
  return value === null || value === undefined ? undefined : Number(value);
}
