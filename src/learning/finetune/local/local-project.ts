import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import type { LearningConfig } from '../../../config/sections/learning.js';
import { ConclaveError } from '../../../core/conclave-error.js';
import { type ExportSummary, exportDataset } from '../../export/export-dataset.js';
import type { FineTuneMethod } from '../finetune-client.js';
import { createFineTuneStore } from '../finetune-store.js';
import { localReadme } from './local-readme.js';
import { TRL_SCRIPT } from './trl-script.js';
import { UNSLOTH_SCRIPT } from './unsloth-script.js';

export interface LocalProjectOptions {
  directory: string;
  baseModel?: string;
  method: FineTuneMethod;
  trainer?: 'trl' | 'unsloth';
  minQuality?: number;
  tasks?: string[];
  epochs?: number;
  learningRate?: number;
  minExamples?: number;
  /** The name the trained model should get (GGUF file / Ollama model). */
  name?: string;
}

const REQUIREMENTS = {
  trl: ['torch>=2.3', 'transformers>=4.46', 'datasets>=3.0', 'accelerate>=1.0', 'peft>=0.13', 'trl>=0.19'],
  unsloth: ['unsloth', 'datasets>=3.0', 'trl>=0.19'],
};

/**
 * Writes a ready-to-run training project for an open base model: the dataset (TRL format), a TRL or Unsloth
 * script, its config and a README with the steps from training to a model Conclave serves locally.
 */
export function writeLocalProject(
  database: DatabaseSync,
  learning: LearningConfig,
  options: LocalProjectOptions,
): { id: string; directory: string; files: string[]; dataset: ExportSummary; name: string } {
  const trainer = options.trainer ?? learning.finetune.local.trainer;
  if (trainer === 'unsloth' && options.method === 'dpo') {
    throw new ConclaveError('bad-request', 'The Unsloth project template does SFT only.', {
      hint: 'Use --trainer trl for DPO.',
    });
  }
  if (existsSync(options.directory) && readdirSync(options.directory).length > 0) {
    throw new ConclaveError('bad-request', `${options.directory} exists and is not empty.`, {
      hint: 'Choose a new --output directory (the project is written whole, never over other files).',
    });
  }
  const baseModel = options.baseModel ?? learning.finetune.local.baseModel;
  const dataset = exportDataset(database, learning, {
    format: options.method === 'dpo' ? 'trl-dpo' : 'trl-sft',
    output: path.join(options.directory, 'data', 'train.jsonl'),
    minQuality: options.minQuality,
    tasks: options.tasks,
  });
  const minimum = options.minExamples ?? learning.readyForFineTuning;
  if (dataset.train < minimum) {
    rmSync(options.directory, { recursive: true, force: true });
    throw new ConclaveError(
      'bad-request',
      `Only ${dataset.train} training records — fine-tuning needs at least ${minimum}.`,
      {
        hint: 'Collect more (feedback, `conclave distill`), lower --min-quality, or pass --min-examples to override.',
      },
    );
  }
  const id = `ft-${randomUUID().slice(0, 8)}`;
  const name = options.name ?? `${(baseModel.split('/').at(-1) ?? baseModel).toLowerCase()}-${id}`;
  const config = {
    base_model: baseModel,
    method: options.method,
    trainer,
    train_file: 'data/train.jsonl',
    validation_file: dataset.validationFile ? 'data/train.validation.jsonl' : null,
    output_dir: 'output',
    epochs: options.epochs ?? learning.finetune.local.epochs,
    learning_rate: options.learningRate ?? learning.finetune.local.learningRate,
    lora_rank: learning.finetune.local.loraRank,
    max_length: learning.finetune.local.maxLength,
    batch_size: 2,
    gradient_accumulation_steps: 4,
    model_name: name,
  };
  mkdirSync(options.directory, { recursive: true });
  const files: Record<string, string> = {
    'train.py': trainer === 'unsloth' ? UNSLOTH_SCRIPT : TRL_SCRIPT,
    'config.json': `${JSON.stringify(config, null, 2)}\n`,
    'requirements.txt': `${REQUIREMENTS[trainer].join('\n')}\n`,
    'README.md': localReadme({
      baseModel,
      trainer,
      method: options.method,
      name,
      examples: dataset.train + dataset.validation,
    }),
  };
  for (const [file, content] of Object.entries(files))
    writeFileSync(path.join(options.directory, file), content);
  createFineTuneStore(database).insert({
    id,
    createdAt: Date.now(),
    updatedAt: Date.now(),
    provider: 'local',
    baseModel,
    method: options.method,
    status: 'prepared',
    modelName: name,
    datasetPath: dataset.trainFile,
    exampleCount: dataset.train,
  });
  const written = [
    ...Object.keys(files),
    'data/train.jsonl',
    ...(dataset.validationFile ? ['data/train.validation.jsonl'] : []),
  ];
  return { id, directory: options.directory, files: written, dataset, name };
}
