import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ExportFormat } from '../../config/sections/learning.js';
import { ConclaveError } from '../../core/conclave-error.js';
import { type ExportSummary, exportDataset } from '../export/export-dataset.js';
import type { FineTunedModelsHost } from './fine-tuned-models.js';
import type { FineTuneClient, FineTuneMethod } from './finetune-client.js';
import { createFineTuneStore, type FineTuneJobRecord } from './finetune-store.js';

export interface StartFineTuneOptions {
  baseModel: string;
  method: FineTuneMethod;
  /** Catalog id of the resulting model (default: `<base>-ft-<job>`). */
  name?: string;
  minQuality?: number;
  tasks?: string[];
  epochs?: number;
  learningRate?: number;
  /** Fewer examples than this is refused (default: learning.readyForFineTuning). */
  minExamples?: number;
  /** Where the uploaded dataset files are kept. */
  directory: string;
}

/**
 * Exports the dataset in the provider's format, uploads it, creates the job and records it. The job runs at
 * the provider; `watchFineTune` follows it to the end.
 */
export async function startFineTune(
  host: FineTunedModelsHost,
  client: FineTuneClient,
  options: StartFineTuneOptions,
): Promise<{ job: FineTuneJobRecord; dataset: ExportSummary }> {
  const id = `ft-${randomUUID().slice(0, 8)}`;
  const format: ExportFormat =
    options.method === 'dpo' ? 'openai-preference' : client.provider === 'openai' ? 'openai-chat' : 'trl-sft';
  const directory = path.join(options.directory, id);
  const dataset = exportDataset(host.database, host.config.learning, {
    format,
    output: path.join(directory, 'train.jsonl'),
    minQuality: options.minQuality,
    tasks: options.tasks,
  });
  const minimum = options.minExamples ?? host.config.learning.readyForFineTuning;
  if (dataset.train < minimum) {
    throw new ConclaveError(
      'bad-request',
      `Only ${dataset.train} training ${options.method === 'dpo' ? 'pairs' : 'examples'} — fine-tuning needs at least ${minimum}.`,
      {
        hint: 'Collect more (feedback, `conclave distill`), lower --min-quality, or pass --min-examples to override.',
      },
    );
  }
  const base = host
    .catalog()
    .find((profile) => profile.id === options.baseModel && profile.provider === client.provider);
  const baseModel = base?.providerModelId ?? options.baseModel;
  const store = createFineTuneStore(host.database);
  const job: FineTuneJobRecord = {
    id,
    createdAt: Date.now(),
    updatedAt: Date.now(),
    provider: client.provider,
    baseModel: options.baseModel,
    method: options.method,
    status: 'uploading',
    modelName: options.name ?? `${slug(options.baseModel)}-${id}`,
    datasetPath: dataset.trainFile,
    exampleCount: dataset.train,
  };
  store.insert(job);
  try {
    const upload = (file: string) => {
      const content = readFileSync(file, 'utf8');
      return client.uploadDataset({
        name: `conclave-${id}-${path.basename(file)}`,
        content,
        lines: content.split('\n').filter(Boolean).length,
      });
    };
    job.trainingFile = await upload(dataset.trainFile);
    if (dataset.validationFile) job.validationFile = await upload(dataset.validationFile);
    const snapshot = await client.createJob({
      baseModel,
      trainingFile: job.trainingFile,
      validationFile: job.validationFile,
      method: options.method,
      suffix: job.modelName.slice(0, 40),
      epochs: options.epochs,
      learningRate: options.learningRate,
    });
    Object.assign(job, {
      providerJobId: snapshot.providerJobId,
      status: snapshot.status,
      providerStatus: snapshot.providerStatus,
    });
    store.update(id, {
      trainingFile: job.trainingFile,
      validationFile: job.validationFile,
      providerJobId: job.providerJobId,
      status: job.status,
      providerStatus: job.providerStatus,
    });
    return { job, dataset };
  } catch (error) {
    store.update(id, { status: 'failed', error: error instanceof Error ? error.message : String(error) });
    throw error;
  }
}

/** `meta-llama/Llama-3.2-3B-Instruct` → `llama-3.2-3b-instruct`. */
function slug(model: string): string {
  return (
    (model.split('/').at(-1) ?? model)
      .toLowerCase()
      .replace(/[^a-z0-9.-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'model'
  );
}
