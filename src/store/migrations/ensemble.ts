import type { Migration } from '../migration.js';

/** Tables of the ensemble module (ids prefixed "ensemble-"): one row per run, one per call of a run. */
export const ensembleMigrations: readonly Migration[] = [
  {
    id: 'ensemble-001-runs-and-calls',
    sql: `
      CREATE TABLE ensemble_runs (
        id TEXT PRIMARY KEY,
        created_at INTEGER NOT NULL,
        finished_at INTEGER NOT NULL,
        status TEXT NOT NULL,
        strategy TEXT NOT NULL,
        preset TEXT,
        task_type TEXT NOT NULL,
        session_id TEXT,
        prompt_json TEXT NOT NULL,
        final_answer TEXT,
        answer_kind TEXT,
        answer_value TEXT,
        confidence REAL,
        agreement REAL,
        models_agreed INTEGER NOT NULL DEFAULT 0,
        winner TEXT,
        stopped_stage INTEGER,
        models_json TEXT NOT NULL,
        cost_usd REAL NOT NULL DEFAULT 0,
        average_latency_ms REAL,
        input_tokens INTEGER NOT NULL DEFAULT 0,
        output_tokens INTEGER NOT NULL DEFAULT 0,
        duration_ms INTEGER NOT NULL,
        error_kind TEXT,
        error_message TEXT,
        run_json TEXT NOT NULL
      );
      CREATE INDEX ensemble_runs_created ON ensemble_runs (created_at);
      CREATE TABLE ensemble_calls (
        run_id TEXT NOT NULL REFERENCES ensemble_runs (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        role TEXT NOT NULL,
        stage INTEGER,
        model TEXT NOT NULL,
        request_id TEXT,
        status TEXT NOT NULL,
        error_kind TEXT,
        error_message TEXT,
        latency_ms INTEGER NOT NULL,
        input_tokens INTEGER NOT NULL DEFAULT 0,
        output_tokens INTEGER NOT NULL DEFAULT 0,
        cost_usd REAL NOT NULL DEFAULT 0,
        answer_value TEXT,
        agreed_with_final INTEGER,
        judge_score REAL,
        text TEXT,
        PRIMARY KEY (run_id, position)
      );
      CREATE INDEX ensemble_calls_model ON ensemble_calls (model, role);
    `,
  },
];
