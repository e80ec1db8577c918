import type { Migration } from '../migration.js';

/** Tables of the pipeline module (ids prefixed "pipeline-"): every run, and reusable results with a TTL. */
export const pipelineMigrations: readonly Migration[] = [
  {
    id: 'pipeline-001-runs-cache',
    sql: `
      CREATE TABLE pipeline_runs (
        id TEXT PRIMARY KEY,
        created_at INTEGER NOT NULL,
        agent TEXT NOT NULL,
        task TEXT NOT NULL,
        parameters_json TEXT NOT NULL DEFAULT '{}',
        phases_json TEXT NOT NULL DEFAULT '[]',
        strategy TEXT NOT NULL,
        status TEXT NOT NULL,
        cache_key TEXT,
        cached_from TEXT,
        final_result TEXT,
        error_kind TEXT,
        error_message TEXT,
        successful_phases INTEGER NOT NULL DEFAULT 0,
        total_phases INTEGER NOT NULL DEFAULT 0,
        total_tokens INTEGER NOT NULL DEFAULT 0,
        total_cost REAL NOT NULL DEFAULT 0,
        execution_ms INTEGER NOT NULL DEFAULT 0,
        models_json TEXT NOT NULL DEFAULT '[]',
        result_json TEXT
      );
      CREATE INDEX pipeline_runs_created ON pipeline_runs (created_at);
      CREATE INDEX pipeline_runs_agent ON pipeline_runs (agent, created_at);
      CREATE TABLE pipeline_cache (
        cache_key TEXT PRIMARY KEY,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        run_id TEXT NOT NULL,
        result_json TEXT NOT NULL
      );
      CREATE INDEX pipeline_cache_expires ON pipeline_cache (expires_at);
    `,
  },
];
