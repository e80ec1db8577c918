import type { DatabaseSync } from 'node:sqlite';

export interface OutcomeStats {
  /** Observed value sum in 0..1 (feedback score when given, else call success) and its count. */
  valueSum: number;
  count: number;
  latencyMs: number | undefined;
}

/**
 * Per-(model, task class) outcomes from the request log and feedback, re-read at most every `refreshMs`.
 * Calls that failed count as 0; answers with feedback count as their feedback score; other successful calls
 * count as 1 but with a third of the weight (a call that worked is weak evidence of a good answer).
 */
export function createOutcomeEvidence(database: DatabaseSync, { refreshMs = 30_000, now = Date.now } = {}) {
  let loadedAt = -Infinity;
  let stats = new Map<string, Map<string, OutcomeStats>>();
  const hasFeedback = () =>
    (
      database
        .prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'feedback'")
        .get() as { n: number }
    ).n > 0;

  const reload = () => {
    const feedbackJoin = hasFeedback()
      ? "LEFT JOIN (SELECT target_id, AVG(score) AS score FROM feedback GROUP BY target_id) f ON f.target_id = a.request_id AND a.status = 'ok'"
      : 'LEFT JOIN (SELECT NULL AS target_id, NULL AS score) f ON 0';
    const rows = database
      .prepare(
        `SELECT a.model AS model, a.task_class AS task_class,
           SUM(CASE WHEN a.status = 'ok' AND f.score IS NOT NULL THEN f.score ELSE 0 END) AS feedback_sum,
           SUM(CASE WHEN a.status = 'ok' AND f.score IS NOT NULL THEN 1 ELSE 0 END) AS feedback_count,
           SUM(CASE WHEN a.status = 'ok' AND f.score IS NULL THEN 1 ELSE 0 END) AS ok_count,
           SUM(CASE WHEN a.status = 'error' AND a.error_kind NOT IN ('bad-request', 'context-length', 'content-filter', 'cancelled', 'unavailable') THEN 1 ELSE 0 END) AS failed_count,
           AVG(CASE WHEN a.status = 'ok' THEN a.latency_ms END) AS latency
         FROM attempts a JOIN requests r ON r.id = a.request_id ${feedbackJoin}
         WHERE a.task_class IS NOT NULL AND r.kind NOT IN ('evaluation', 'judge')
         GROUP BY a.model, a.task_class`,
      )
      .all() as {
      model: string;
      task_class: string;
      feedback_sum: number;
      feedback_count: number;
      ok_count: number;
      failed_count: number;
      latency: number | null;
    }[];
    stats = new Map();
    for (const row of rows) {
      const weakWeight = 1 / 3;
      const valueSum = row.feedback_sum + row.ok_count * weakWeight;
      const count = row.feedback_count + row.ok_count * weakWeight + row.failed_count;
      let byClass = stats.get(row.model);
      if (!byClass) {
        byClass = new Map();
        stats.set(row.model, byClass);
      }
      byClass.set(row.task_class, { valueSum, count, latencyMs: row.latency ?? undefined });
    }
    loadedAt = now();
  };

  return {
    get(model: string, taskClass: string): OutcomeStats | undefined {
      if (now() - loadedAt > refreshMs) reload();
      return stats.get(model)?.get(taskClass);
    },
    invalidate(): void {
      loadedAt = -Infinity;
    },
  };
}

export type OutcomeEvidence = ReturnType<typeof createOutcomeEvidence>;
