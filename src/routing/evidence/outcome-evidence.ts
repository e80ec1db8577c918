import type { DatabaseSync } from 'node:sqlite';
import { createRowidCursor } from '../../store/rowid-cursor.js';

export interface OutcomeStats {
  /** Observed value sum in 0..1 (feedback score when given, else call success) and its count. */
  valueSum: number;
  count: number;
  latencyMs: number | undefined;
}

/** Running sums per (model, task class); `OutcomeStats` is derived from them. */
interface Sums {
  feedbackSum: number;
  feedbackCount: number;
  /** Successful calls without feedback. */
  okCount: number;
  failedCount: number;
  latencySum: number;
  latencyCount: number;
}

type SumRow = { model: string; task_class: string } & { [K in keyof Sums]: number | null };

/** A call that worked is weak evidence of a good answer: it counts as 1 with a third of the weight. */
const WEAK_WEIGHT = 1 / 3;
/** Failures that say nothing about the model's quality. */
const NEUTRAL_ERRORS = "('bad-request', 'context-length', 'content-filter', 'cancelled', 'unavailable')";
/** Attempts counted as outcomes: classified, and not from evaluation runs or judges. */
const COUNTED = "a.task_class IS NOT NULL AND r.kind NOT IN ('evaluation', 'judge')";
/** The feedback score of an attempt's request, from feedback rows up to a given id (null: none). */
const scoreUpTo = (bound: string) =>
  `(SELECT AVG(f.score) FROM feedback f WHERE f.target_id = a.request_id AND f.id <= ${bound})`;

/**
 * Per-(model, task class) outcomes from the request log and feedback. Calls that failed count as 0; answers
 * with feedback count as their feedback score; other successful calls count as 1 with a third of the weight.
 *
 * Kept as running sums: the first use reads the whole log once; after that, each refresh (at most every
 * `refreshMs`) reads only attempts and feedback added since, at most `maxRowsPerRefresh` attempts at a time,
 * so routing never stalls on a large log. Rows removed by retention are subtracted (`forget`) before they go.
 */
export function createOutcomeEvidence(
  database: DatabaseSync,
  { refreshMs = 1_000, maxRowsPerRefresh = 10_000, now = Date.now } = {},
) {
  /** Sums per (model, task class) of the attempts `where` selects, scored with feedback up to `bound`. */
  const sumsOf = (where: string, bound: string) => `
    SELECT model, task_class,
      SUM(CASE WHEN status = 'ok' AND score IS NOT NULL THEN score ELSE 0 END) AS feedbackSum,
      SUM(CASE WHEN status = 'ok' AND score IS NOT NULL THEN 1 ELSE 0 END) AS feedbackCount,
      SUM(CASE WHEN status = 'ok' AND score IS NULL THEN 1 ELSE 0 END) AS okCount,
      SUM(CASE WHEN status = 'error' AND error_kind NOT IN ${NEUTRAL_ERRORS} THEN 1 ELSE 0 END) AS failedCount,
      SUM(CASE WHEN status = 'ok' THEN latency_ms END) AS latencySum,
      COUNT(CASE WHEN status = 'ok' THEN latency_ms END) AS latencyCount
    FROM (
      SELECT a.model, a.task_class, a.status, a.error_kind, a.latency_ms,
        ${scoreUpTo(bound)} AS score
      FROM attempts a JOIN requests r ON r.id = a.request_id
      WHERE ${COUNTED} AND ${where}
    ) GROUP BY model, task_class`;
  const newAttempts = database.prepare(sumsOf('a.id > :from AND a.id <= :to', ':feedback'));
  const attempts = createRowidCursor(database, 'attempts', maxRowsPerRefresh);
  const feedbackRows = createRowidCursor(database, 'feedback');

  let sums = new Map<string, Map<string, Sums>>();
  let stats = new Map<string, Map<string, OutcomeStats>>();
  let checkedAt = -Infinity;

  const apply = (rows: SumRow[], sign: 1 | -1) => {
    for (const row of rows) {
      let byClass = sums.get(row.model);
      if (!byClass) {
        byClass = new Map();
        sums.set(row.model, byClass);
      }
      let entry = byClass.get(row.task_class);
      if (!entry) {
        entry = {
          feedbackSum: 0,
          feedbackCount: 0,
          okCount: 0,
          failedCount: 0,
          latencySum: 0,
          latencyCount: 0,
        };
        byClass.set(row.task_class, entry);
      }
      for (const key of Object.keys(entry) as (keyof Sums)[]) entry[key] += sign * (row[key] ?? 0);
      statsOf(row.model).set(row.task_class, toStats(entry));
    }
  };
  const statsOf = (model: string) => {
    let byClass = stats.get(model);
    if (!byClass) {
      byClass = new Map();
      stats.set(model, byClass);
    }
    return byClass;
  };

  /** Feedback rows in (seen, latest] change the score of attempts already counted. */
  const rescore = (seen: number, latest: number) => {
    if (attempts.position === 0) return;
    const changed =
      'a.id <= :attempts AND a.request_id IN (SELECT target_id FROM feedback WHERE id > :seen AND id <= :feedback)';
    const parameters = { attempts: attempts.position, seen, feedback: latest };
    // Out with each affected attempt as it was scored, in with its new score.
    apply(database.prepare(sumsOf(changed, ':seen')).all(parameters) as SumRow[], -1);
    apply(database.prepare(sumsOf(changed, ':feedback')).all(parameters) as SumRow[], 1);
  };

  const refresh = () => {
    feedbackRows.read(rescore);
    // The first read takes the whole log; later ones a bounded slice (the rest follows on the next refresh).
    attempts.read((from, to) =>
      apply(newAttempts.all({ from, to, feedback: feedbackRows.position }) as SumRow[], 1),
    );
    checkedAt = now();
  };

  return {
    get(model: string, taskClass: string): OutcomeStats | undefined {
      if (now() - checkedAt >= refreshMs) refresh();
      return stats.get(model)?.get(taskClass);
    },
    /**
     * Takes the outcomes of these requests out of the sums (call before deleting them): what was counted
     * of them is subtracted, so the evidence matches the log without reading it again.
     */
    forget(requestIds: readonly string[]): void {
      if (!attempts.started || requestIds.length === 0) return;
      const rows = database
        .prepare(
          sumsOf('a.id <= :attempts AND a.request_id IN (SELECT value FROM json_each(:ids))', ':feedback'),
        )
        .all({
          attempts: attempts.position,
          feedback: feedbackRows.position,
          ids: JSON.stringify(requestIds),
        }) as SumRow[];
      apply(rows, -1);
    },
    /** Reads the log now if it was not read yet (so the first routing decision does not pay for it). */
    load(): void {
      if (!attempts.started) refresh();
    },
    /** Reads the whole log again on the next use. */
    invalidate(): void {
      sums = new Map();
      stats = new Map();
      attempts.reset();
      feedbackRows.reset();
      checkedAt = -Infinity;
    },
  };
}

function toStats(sums: Sums): OutcomeStats {
  return {
    valueSum: sums.feedbackSum + sums.okCount * WEAK_WEIGHT,
    count: sums.feedbackCount + sums.okCount * WEAK_WEIGHT + sums.failedCount,
    latencyMs: sums.latencyCount > 0 ? sums.latencySum / sums.latencyCount : undefined,
  };
}

export type OutcomeEvidence = ReturnType<typeof createOutcomeEvidence>;
