import type { Migration } from '../migration.js';

/** Tables of the learning loop (ids prefixed "learning-"). */
export const learningMigrations: readonly Migration[] = [
  {
    id: 'learning-001-examples-pairs-feedback',
    sql: `
      CREATE TABLE training_examples (
        id TEXT PRIMARY KEY,
        created_at INTEGER NOT NULL,
        source_kind TEXT NOT NULL,
        source_id TEXT NOT NULL,
        task_type TEXT NOT NULL,
        messages_json TEXT NOT NULL,
        response TEXT NOT NULL,
        quality REAL NOT NULL,
        models_json TEXT NOT NULL DEFAULT '[]',
        models_agreed INTEGER NOT NULL DEFAULT 0,
        feedback_score REAL,
        tools_json TEXT,
        metadata_json TEXT,
        content_hash TEXT NOT NULL
      );
      CREATE INDEX training_examples_task ON training_examples (task_type, quality);
      CREATE INDEX training_examples_source ON training_examples (source_id);
      CREATE TABLE preference_pairs (
        id TEXT PRIMARY KEY,
        created_at INTEGER NOT NULL,
        source_kind TEXT NOT NULL,
        source_id TEXT NOT NULL,
        task_type TEXT NOT NULL,
        prompt_json TEXT NOT NULL,
        chosen TEXT NOT NULL,
        rejected TEXT NOT NULL,
        chosen_model TEXT,
        rejected_model TEXT,
        margin REAL NOT NULL DEFAULT 1
      );
      CREATE INDEX preference_pairs_source ON preference_pairs (source_id);
      CREATE TABLE feedback (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        target_id TEXT NOT NULL,
        target_kind TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        thumbs INTEGER,
        score REAL,
        comment TEXT,
        demonstration TEXT
      );
      CREATE INDEX feedback_target ON feedback (target_id);
    `,
  },
];
