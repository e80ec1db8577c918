import type { DatabaseSync } from 'node:sqlite';

/**
 * Runs `work` in one write transaction (`BEGIN IMMEDIATE`): concurrent writers in other processes wait instead
 * of interleaving, and a throw rolls everything back.
 */
export function inWriteTransaction<T>(database: DatabaseSync, work: () => T): T {
  database.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    database.exec('COMMIT');
    return result;
  } catch (error) {
    database.exec('ROLLBACK');
    throw error;
  }
}
