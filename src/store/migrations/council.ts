import type { Migration } from '../migration.js';

/**
 * Tables of the council module (ids prefixed "council-"). A run and everything under it (calls, rankings with
 * their label maps, session turns) is written in one transaction when the run ends, so a crash or a failure
 * never leaves half a run; `run_json` holds the whole run as the CLI's --json prints it.
 */
export const councilMigrations: readonly Migration[] = [
  {
    id: 'council-001-runs-calls-rankings-sessions',
    sql: `
      CREATE TABLE council_runs (
        id TEXT PRIMARY KEY,
        created_at INTEGER NOT NULL,
        finished_at INTEGER NOT NULL,
        status TEXT NOT NULL,
        preset TEXT,
        session_id TEXT,
        question TEXT NOT NULL,
        members_json TEXT NOT NULL,
        chairman TEXT,
        final_text TEXT,
        final_source TEXT,
        skipped_json TEXT,
        error_message TEXT,
        agreement REAL,
        input_tokens INTEGER NOT NULL DEFAULT 0,
        output_tokens INTEGER NOT NULL DEFAULT 0,
        cost_usd REAL NOT NULL DEFAULT 0,
        duration_ms INTEGER NOT NULL,
        run_json TEXT NOT NULL
      );
      CREATE INDEX council_runs_created_at ON council_runs (created_at);
      CREATE INDEX council_runs_session ON council_runs (session_id, created_at);
      CREATE TABLE council_calls (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id TEXT NOT NULL REFERENCES council_runs (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        stage TEXT NOT NULL,
        round INTEGER NOT NULL,
        member TEXT NOT NULL,
        model TEXT NOT NULL,
        request_id TEXT,
        status TEXT NOT NULL,
        error_kind TEXT,
        error_message TEXT,
        latency_ms INTEGER NOT NULL,
        input_tokens INTEGER NOT NULL DEFAULT 0,
        output_tokens INTEGER NOT NULL DEFAULT 0,
        cost_usd REAL NOT NULL DEFAULT 0,
        text TEXT
      );
      CREATE INDEX council_calls_run ON council_calls (run_id, position);
      CREATE INDEX council_calls_model ON council_calls (model, stage);
      CREATE TABLE council_rankings (
        run_id TEXT NOT NULL REFERENCES council_runs (id) ON DELETE CASCADE,
        reviewer TEXT NOT NULL,
        model TEXT NOT NULL,
        label_map_json TEXT NOT NULL,
        method TEXT NOT NULL,
        ranking_json TEXT NOT NULL,
        PRIMARY KEY (run_id, reviewer)
      );
      CREATE TABLE council_session_turns (
        session_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        role TEXT NOT NULL,
        content TEXT NOT NULL,
        run_id TEXT NOT NULL REFERENCES council_runs (id) ON DELETE CASCADE,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (session_id, position)
      );
    `,
  },
];
