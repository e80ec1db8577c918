import type { Migration } from '../migration.js';

/** Core schema: request log, attempts, pins, gateway keys. */
export const coreMigrations: readonly Migration[] = [
  {
    id: 'core-001-request-log',
    sql: `
      CREATE TABLE requests (
        id TEXT PRIMARY KEY,
        created_at INTEGER NOT NULL,
        kind TEXT NOT NULL DEFAULT 'chat',
        api_key_id TEXT,
        session_id TEXT,
        model_requested TEXT,
        model TEXT,
        provider TEXT,
        location TEXT,
        task_class TEXT,
        objective TEXT,
        route_reason TEXT,
        decision_json TEXT,
        status TEXT NOT NULL,
        error_kind TEXT,
        error_message TEXT,
        finish_reason TEXT,
        input_tokens INTEGER NOT NULL DEFAULT 0,
        output_tokens INTEGER NOT NULL DEFAULT 0,
        cost_usd REAL NOT NULL DEFAULT 0,
        latency_ms INTEGER,
        ttft_ms INTEGER,
        fallbacks_json TEXT,
        warnings_json TEXT,
        prompt_json TEXT,
        response_text TEXT
      );
      CREATE INDEX requests_created_at ON requests (created_at);
      CREATE INDEX requests_model ON requests (model, created_at);
      CREATE INDEX requests_api_key ON requests (api_key_id, created_at);
      CREATE TABLE attempts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        request_id TEXT NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        model TEXT NOT NULL,
        provider TEXT,
        task_class TEXT,
        status TEXT NOT NULL,
        error_kind TEXT,
        http_status INTEGER,
        error_message TEXT,
        started_at INTEGER NOT NULL,
        latency_ms INTEGER,
        ttft_ms INTEGER,
        input_tokens INTEGER NOT NULL DEFAULT 0,
        output_tokens INTEGER NOT NULL DEFAULT 0,
        cost_usd REAL NOT NULL DEFAULT 0
      );
      CREATE INDEX attempts_request ON attempts (request_id);
      CREATE INDEX attempts_model ON attempts (model, task_class, started_at);
    `,
  },
  {
    id: 'core-002-pins-and-keys',
    sql: `
      CREATE TABLE pins (
        session_id TEXT PRIMARY KEY,
        model TEXT NOT NULL,
        allow_fallbacks INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE api_keys (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE,
        prefix TEXT NOT NULL,
        admin INTEGER NOT NULL DEFAULT 0,
        rpm INTEGER,
        tpm INTEGER,
        budget_day_usd REAL,
        budget_month_usd REAL,
        created_at INTEGER NOT NULL,
        revoked_at INTEGER
      );
    `,
  },
];
