import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { ConclaveError } from '../core/conclave-error.js';
import { inWriteTransaction } from './in-write-transaction.js';
import { ALL_MIGRATIONS } from './migrations/index.js';

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
    'CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)',
  );
  const applied = new Set(
    (database.prepare('SELECT id FROM schema_migrations').all() as { id: string }[]).map((row) => row.id),
  );
  for (const migration of ALL_MIGRATIONS) {
    if (applied.has(migration.id)) continue;
    try {
      inWriteTransaction(database, () => {
        database.exec(migration.sql);
        database
          .prepare('INSERT INTO schema_migrations (id, applied_at) VALUES (?, ?)')
          .run(migration.id, Date.now());
      });
    } catch (error) {
      throw new ConclaveError(
        'internal',
        `Store migration ${migration.id} failed: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }
}
