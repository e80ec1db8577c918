import type { Migration } from '../migration.js';

/**
 * Tables of the evaluation battery (ids prefixed "evaluation-"). A run is either a suite run (`kind = 'run'`)
 * or an imported outcome file (`kind = 'import'`); both store one row per graded (task, model, repetition).
 */
export const evaluationMigrations: readonly Migration[] = [
  {
    id: 'evaluation-001-runs-cells',
    sql: `
      CREATE TABLE evaluation_runs (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        label TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        status TEXT NOT NULL,
        models_json TEXT NOT NULL DEFAULT '[]',
        repeat INTEGER NOT NULL DEFAULT 1,
        suites_json TEXT NOT NULL DEFAULT '[]',
        budget_usd REAL,
        spent_usd REAL NOT NULL DEFAULT 0,
        notes_json TEXT
      );
      CREATE TABLE evaluation_cells (
        run_id TEXT NOT NULL REFERENCES evaluation_runs (id) ON DELETE CASCADE,
        task_id TEXT NOT NULL,
        task_type TEXT NOT NULL,
        model TEXT NOT NULL,
        repetition INTEGER NOT NULL,
        task_hash TEXT NOT NULL,
        status TEXT NOT NULL,
        quality REAL,
        ttft_ms REAL,
        latency_ms REAL,
        tokens_per_sec REAL,
        input_tokens INTEGER,
        output_tokens INTEGER,
        cost_usd REAL,
        judge_cost_usd REAL NOT NULL DEFAULT 0,
        answer TEXT,
        grades_json TEXT,
        error TEXT,
        dataset_model TEXT,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (run_id, task_id, model, repetition)
      );
      CREATE INDEX evaluation_cells_type ON evaluation_cells (task_type, model);
    `,
  },
  {
    // The prompt text of each graded question, once per prompt hash, so the learned router can train from the store.
    id: 'evaluation-002-prompts',
    sql: `
      CREATE TABLE evaluation_prompts (
        prompt_hash TEXT PRIMARY KEY,
        prompt TEXT NOT NULL
      );
    `,
  },
];
