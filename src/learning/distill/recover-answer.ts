import type { DatabaseSync } from 'node:sqlite';

/** What distillation keeps of one teacher answer. */
export interface TaskAnswer {
  id: string;
  text: string;
  costUsd: number;
  model: string;
  taskClass?: string;
  run?: unknown;
}

/**
 * A task marked running when the previous run died: if the teacher's answer reached the request log (the
 * request is tagged with the task's session id), use it instead of asking — and paying — again.
 */
export function recoverRecordedAnswer(
  database: DatabaseSync,
  sessionId: string,
  teacher: string,
): TaskAnswer | undefined {
  const row = database
    .prepare(
      `SELECT id, response_text, cost_usd, model, task_class FROM requests
       WHERE session_id = ? AND status = 'ok' AND model_requested = ? AND COALESCE(response_text, '') != ''
       ORDER BY created_at DESC LIMIT 1`,
    )
    .get(sessionId, teacher) as
    | { id: string; response_text: string; cost_usd: number; model: string | null; task_class: string | null }
    | undefined;
  if (!row) return undefined;
  return {
    id: row.id,
    text: row.response_text,
    costUsd: row.cost_usd,
    model: row.model ?? teacher,
    taskClass: row.task_class ?? undefined,
  };
}
