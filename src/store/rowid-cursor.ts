import type { DatabaseSync } from 'node:sqlite';

/**
 * Reads a table whose rows are only appended (in rowid order) as slices of new rows: every row the first
 * time, then at most `maxRows` new rows per read (all of them when no limit is given). A consumer that keeps
 * running sums never reads old rows again, and a backlog is spread over several reads.
 */
export function createRowidCursor(database: DatabaseSync, table: string, maxRows?: number) {
  const latest = database.prepare(`SELECT COALESCE(MAX(rowid), 0) AS position FROM ${table}`);
  const sliceEnd = database.prepare(
    `SELECT MAX(rowid) AS position FROM (SELECT rowid FROM ${table} WHERE rowid > ? ORDER BY rowid LIMIT ?)`,
  );
  let position = 0;
  let started = false;
  return {
    /** The last rowid handed over (0 before the first read). */
    get position(): number {
      return position;
    },
    /** Whether a read happened since the cursor was made or reset. */
    get started(): boolean {
      return started;
    },
    /** Hands the next slice, rows in (after, upTo], to `read` (not called when none was added). */
    read(read: (after: number, upTo: number) => void): void {
      const last = (latest.get() as { position: number }).position;
      if (last > position) {
        const bounded = started && maxRows !== undefined;
        const upTo = bounded
          ? Math.min(last, (sliceEnd.get(position, maxRows) as { position: number | null }).position ?? last)
          : last;
        read(position, upTo);
        position = upTo;
      }
      started = true;
    },
    /** Starts again from the first row. */
    reset(): void {
      position = 0;
      started = false;
    },
  };
}

export type RowidCursor = ReturnType<typeof createRowidCursor>;
