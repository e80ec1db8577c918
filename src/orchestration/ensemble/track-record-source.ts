import type { DatabaseSync } from 'node:sqlite';
import { createRowidCursor, type RowidCursor } from '../../store/rowid-cursor.js';
import { CONFIDENT_RUN, type MemberTrackRecord } from './ensemble-store.js';

interface TaskState {
  records: Map<string, MemberTrackRecord>;
  /** Runs and feedback rows already counted. */
  runs: RowidCursor;
  feedback: RowidCursor;
}

/**
 * Member track records kept as running sums per task type, equal to the store's `trackRecords` (which reads
 * every past run of the task type again: ~265 ms per 100,000 runs here, on every ensemble run) but refreshed
 * from what was added since: runs recorded since (every run the first time, then at most `maxRunsPerRefresh`),
 * and feedback since on runs already counted (a rating can flip whether the final answer was right, and makes
 * an unsure run count).
 */
export function createTrackRecordSource(database: DatabaseSync, { maxRunsPerRefresh = 10_000 } = {}) {
  const states = new Map<string, TaskState>();
  /** Trials and successes per member model of the runs `runs` selects, rated with feedback up to `bound`. */
  const contributions = (runs: string, bound: string) => `
    SELECT c.model AS model, COUNT(*) AS trials,
      SUM(CASE WHEN (c.agreed_with_final = 1) = (r.rating IS NULL OR r.rating >= 0.5) THEN 1 ELSE 0 END) AS successes
    FROM (
      SELECT r.id AS id, r.confidence AS confidence,
        (SELECT AVG(COALESCE(f.score, f.thumbs)) FROM feedback f WHERE f.target_id = r.id AND f.id <= ${bound}) AS rating,
        EXISTS (SELECT 1 FROM feedback f WHERE f.target_id = r.id AND f.id <= ${bound}) AS rated
      FROM ensemble_runs r WHERE r.task_type = :taskType AND ${runs}
    ) r CROSS JOIN ensemble_calls c ON c.run_id = r.id
    WHERE c.role = 'member' AND c.status = 'ok' AND c.agreed_with_final IS NOT NULL
      AND (r.confidence >= ${CONFIDENT_RUN} OR r.rated)
    GROUP BY c.model`;
  const newRuns = database.prepare(contributions('r.rowid > :after AND r.rowid <= :upTo', ':feedback'));
  const rerated =
    'r.rowid <= :observed AND r.id IN (SELECT target_id FROM feedback WHERE id > :seen AND id <= :feedback)';
  const ratedBefore = database.prepare(contributions(rerated, ':seen'));
  const ratedNow = database.prepare(contributions(rerated, ':feedback'));

  const apply = (
    state: TaskState,
    rows: { model: string; trials: number; successes: number }[],
    sign: 1 | -1,
  ) => {
    for (const row of rows) {
      const record = state.records.get(row.model) ?? { successes: 0, trials: 0 };
      record.trials += sign * row.trials;
      record.successes += sign * row.successes;
      state.records.set(row.model, record);
    }
  };
  type Row = { model: string; trials: number; successes: number };

  const refresh = (taskType: string, state: TaskState) => {
    // Ratings given since on runs already counted: out with the old lesson, in with the new.
    state.feedback.read((seen, feedback) => {
      if (state.runs.position === 0) return;
      const parameters = { taskType, observed: state.runs.position, seen, feedback };
      apply(state, ratedBefore.all(parameters) as unknown as Row[], -1);
      apply(state, ratedNow.all(parameters) as unknown as Row[], 1);
    });
    state.runs.read((after, upTo) =>
      apply(
        state,
        newRuns.all({ taskType, after, upTo, feedback: state.feedback.position }) as unknown as Row[],
        1,
      ),
    );
  };

  return {
    /** Per model, for one task type: how often its answer held up (reads only what was added since). */
    trackRecords(taskType: string): Map<string, MemberTrackRecord> {
      let state = states.get(taskType);
      if (!state) {
        state = {
          records: new Map(),
          runs: createRowidCursor(database, 'ensemble_runs', maxRunsPerRefresh),
          feedback: createRowidCursor(database, 'feedback'),
        };
        states.set(taskType, state);
      }
      refresh(taskType, state);
      const records = new Map<string, MemberTrackRecord>();
      for (const [model, record] of state.records) if (record.trials > 0) records.set(model, { ...record });
      return records;
    },
  };
}

export type TrackRecordSource = ReturnType<typeof createTrackRecordSource>;

const sources = new WeakMap<DatabaseSync, TrackRecordSource>();
/** The long-lived source of a store (one per database, so its running sums survive between ensemble runs). */
export function trackRecordSourceOf(database: DatabaseSync): TrackRecordSource {
  let source = sources.get(database);
  if (!source) {
    source = createTrackRecordSource(database);
    sources.set(database, source);
  }
  return source;
}
