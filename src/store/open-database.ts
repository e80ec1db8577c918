import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { ConclaveError } from '../core/conclave-error.js';
import { MIGRATIONS } from './migrations.js';

/**
 * Opens (creating if needed) the SQLite store in WAL mode and applies pending migrations.
 * WAL with synchronous=NORMAL keeps every committed transaction across a process crash (SIGKILL).
 */
export function openDatabase(file: string): DatabaseSync {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  let database: DatabaseSync;
  try {
    database = new DatabaseSync(file);
    database.exec(
      'PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;',
    );
  } catch (error) {
    throw new ConclaveError('config', `Cannot open the store at ${file}: ${(error as Error).message}`, {
      cause: error,
      hint: 'Check store.path in conclave.yaml (or CONCLAVE_HOME) points to a writable location.',
    });
  }
  migrate(database);
  return database;
}

function migrate(database: DatabaseSync): void {
  database.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT, applied_at INTEGER)',
  );
  const row = database.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as {
    version: number | null;
  };
  const current = row.version ?? 0;
  for (const migration of MIGRATIONS) {
    if (migration.version <= current) continue;
    database.exec('BEGIN IMMEDIATE');
    try {
      database.exec(migration.sql);
      database
        .prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
        .run(migration.version, migration.name, Date.now());
      database.exec('COMMIT');
    } catch (error) {
      database.exec('ROLLBACK');
      throw new ConclaveError(
        'internal',
        `Store migration ${migration.version} (${migration.name}) failed.`,
        { cause: error },
      );
    }
  }
}
