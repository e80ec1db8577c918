import type { DatabaseSync } from 'node:sqlite';
import { ConclaveError } from '../../core/conclave-error.js';
import type { FineTuneMethod, FineTuneStatus } from './finetune-client.js';

export interface FineTuneJobRecord {
  id: string;
  createdAt: number;
  updatedAt: number;
  provider: string;
  providerJobId?: string;
  baseModel: string;
  method: FineTuneMethod;
  /** `prepared` for local training projects (nothing runs until you start it). */
  status: FineTuneStatus | 'uploading' | 'prepared';
  providerStatus?: string;
  /** The catalog id the model gets when the job succeeds. */
  modelName: string;
  fineTunedModel?: string;
  trainingFile?: string;
  validationFile?: string;
  datasetPath?: string;
  exampleCount: number;
  error?: string;
}

const COLUMNS: Record<keyof FineTuneJobRecord, string> = {
  id: 'id',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  provider: 'provider',
  providerJobId: 'provider_job_id',
  baseModel: 'base_model',
  method: 'method',
  status: 'status',
  providerStatus: 'provider_status',
  modelName: 'model_name',
  fineTunedModel: 'fine_tuned_model',
  trainingFile: 'training_file',
  validationFile: 'validation_file',
  datasetPath: 'dataset_path',
  exampleCount: 'example_count',
  error: 'error',
};

/** Fine-tune jobs (so `finetune status/cancel` work from any process) and the models they produced. */
export function createFineTuneStore(database: DatabaseSync) {
  const fromRow = (row: Record<string, unknown>): FineTuneJobRecord => {
    const record: Record<string, unknown> = {};
    for (const [key, column] of Object.entries(COLUMNS)) {
      const value = row[column];
      if (value !== null && value !== undefined) record[key] = value;
    }
    return record as unknown as FineTuneJobRecord;
  };
  return {
    insert(record: FineTuneJobRecord): void {
      const keys = Object.keys(record) as (keyof FineTuneJobRecord)[];
      database
        .prepare(
          `INSERT INTO finetune_jobs (${keys.map((key) => COLUMNS[key]).join(', ')}) VALUES (${keys.map(() => '?').join(', ')})`,
        )
        .run(...keys.map((key) => (record[key] ?? null) as string | number | null));
    },
    update(id: string, patch: Partial<FineTuneJobRecord>): void {
      const keys = Object.keys(patch).filter((key) => key !== 'id') as (keyof FineTuneJobRecord)[];
      database
        .prepare(
          `UPDATE finetune_jobs SET ${[...keys.map((key) => `${COLUMNS[key]} = ?`), 'updated_at = ?'].join(', ')} WHERE id = ?`,
        )
        .run(...keys.map((key) => (patch[key] ?? null) as string | number | null), Date.now(), id);
    },
    /** By Conclave job id, provider job id, or a unique prefix of either. */
    get(reference: string): FineTuneJobRecord {
      const rows = database
        .prepare(
          'SELECT * FROM finetune_jobs WHERE id = ? OR provider_job_id = ? OR id LIKE ? OR provider_job_id LIKE ? ORDER BY created_at DESC',
        )
        .all(reference, reference, `${reference}%`, `${reference}%`) as Record<string, unknown>[];
      const exact = rows.find((row) => row.id === reference || row.provider_job_id === reference);
      if (exact) return fromRow(exact);
      if (rows.length === 1) return fromRow(rows[0]!);
      throw new ConclaveError(
        'not-found',
        rows.length === 0
          ? `No fine-tune job "${reference}".`
          : `"${reference}" matches ${rows.length} fine-tune jobs.`,
        {
          hint: 'List jobs with `conclave finetune list`.',
        },
      );
    },
    list(limit = 20): FineTuneJobRecord[] {
      return (
        database.prepare('SELECT * FROM finetune_jobs ORDER BY created_at DESC LIMIT ?').all(limit) as Record<
          string,
          unknown
        >[]
      ).map(fromRow);
    },
    /** Records a finished model; the engine adds it to the catalog from here. */
    addModel(model: {
      id: string;
      provider: string;
      providerModelId: string;
      baseModel: string;
      jobId?: string;
    }): void {
      database
        .prepare(
          `INSERT INTO finetuned_models (id, created_at, provider, provider_model_id, base_model, job_id) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET provider = excluded.provider, provider_model_id = excluded.provider_model_id,
             base_model = excluded.base_model, job_id = excluded.job_id`,
        )
        .run(
          model.id,
          Date.now(),
          model.provider,
          model.providerModelId,
          model.baseModel,
          model.jobId ?? null,
        );
    },
  };
}

export type FineTuneStore = ReturnType<typeof createFineTuneStore>;
