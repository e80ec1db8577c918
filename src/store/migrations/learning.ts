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
  {
    id: 'learning-002-quality-distill-finetune-experiments',
    sql: `
      ALTER TABLE training_examples ADD COLUMN base_quality REAL;
      ALTER TABLE training_examples ADD COLUMN evidence TEXT;
      CREATE INDEX training_examples_hash ON training_examples (content_hash);
      CREATE TABLE answer_quality (
        target_id TEXT PRIMARY KEY,
        target_kind TEXT NOT NULL,
        quality REAL NOT NULL,
        base REAL NOT NULL,
        evidence TEXT NOT NULL,
        judge_score REAL,
        judge_model TEXT,
        feedback REAL,
        feedback_count INTEGER NOT NULL DEFAULT 0,
        models_agreed INTEGER NOT NULL DEFAULT 0,
        task_type TEXT,
        example_id TEXT,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE distill_jobs (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        model TEXT NOT NULL,
        strategy TEXT NOT NULL,
        members_json TEXT NOT NULL DEFAULT '[]',
        tasks_file TEXT,
        task_count INTEGER NOT NULL DEFAULT 0
      );
      CREATE TABLE distill_tasks (
        job_id TEXT NOT NULL REFERENCES distill_jobs (id) ON DELETE CASCADE,
        task_key TEXT NOT NULL,
        position INTEGER NOT NULL,
        prompt_json TEXT NOT NULL,
        task_type TEXT,
        status TEXT NOT NULL,
        session_id TEXT NOT NULL,
        request_id TEXT,
        example_id TEXT,
        quality REAL,
        cost_usd REAL NOT NULL DEFAULT 0,
        attempts INTEGER NOT NULL DEFAULT 0,
        error TEXT,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (job_id, task_key)
      );
      CREATE TABLE finetune_jobs (
        id TEXT PRIMARY KEY,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        provider TEXT NOT NULL,
        provider_job_id TEXT,
        base_model TEXT NOT NULL,
        method TEXT NOT NULL,
        status TEXT NOT NULL,
        provider_status TEXT,
        model_name TEXT NOT NULL,
        fine_tuned_model TEXT,
        training_file TEXT,
        validation_file TEXT,
        dataset_path TEXT,
        example_count INTEGER NOT NULL DEFAULT 0,
        error TEXT,
        events_seen INTEGER NOT NULL DEFAULT 0
      );
      CREATE TABLE finetuned_models (
        id TEXT PRIMARY KEY,
        created_at INTEGER NOT NULL,
        provider TEXT NOT NULL,
        provider_model_id TEXT NOT NULL,
        base_model TEXT NOT NULL,
        job_id TEXT
      );
      CREATE TABLE experiments (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        status TEXT NOT NULL,
        allocation TEXT NOT NULL,
        metric TEXT NOT NULL,
        arms_json TEXT NOT NULL,
        match_json TEXT NOT NULL,
        traffic REAL NOT NULL DEFAULT 1,
        winner TEXT
      );
      CREATE TABLE experiment_assignments (
        experiment_id TEXT NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
        unit_key TEXT NOT NULL,
        arm TEXT NOT NULL,
        assigned_at INTEGER NOT NULL,
        PRIMARY KEY (experiment_id, unit_key)
      );
      CREATE TABLE experiment_observations (
        request_id TEXT PRIMARY KEY,
        experiment_id TEXT NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
        arm TEXT NOT NULL,
        unit_key TEXT,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX experiment_observations_arm ON experiment_observations (experiment_id, arm);
    `,
  },
];
