import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/config-schema.js';
import { trlDpoSchema, trlSftSchema } from '../../src/learning/export/format-schemas.js';
import { createFineTuneStore } from '../../src/learning/finetune/finetune-store.js';
import { writeLocalProject } from '../../src/learning/finetune/local/local-project.js';
import { createTrainingStore } from '../../src/learning/training-store.js';
import { openDatabase } from '../../src/store/open-database.js';
import { createTempHome } from '../helpers/temp-home.js';

const home = createTempHome('conclave-local-ft-');
afterAll(() => home.cleanup());
const learning = configSchema.parse({ learning: { readyForFineTuning: 5 } }).learning;
const python = spawnSync('python3', ['--version']).status === 0 ? 'python3' : undefined;

function seeded() {
  const database = openDatabase(':memory:');
  const training = createTrainingStore(database);
  for (let index = 0; index < 20; index += 1) {
    training.collect({
      sourceKind: 'distill',
      sourceId: `d${index}`,
      taskType: 'general',
      models: ['t'],
      base: 0.9,
      messages: [{ role: 'user', content: `Task ${index}` }],
      response: `Answer ${index}`,
    });
    training.addPreferencePair({
      sourceKind: 'council',
      sourceId: `d${index}`,
      taskType: 'general',
      messages: [{ role: 'user', content: `Task ${index}` }],
      chosen: `Good ${index}`,
      rejected: `Bad ${index}`,
    });
  }
  return database;
}

const lines = (file: string) =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as unknown);

describe('finetune --provider local: a ready-to-run training project', () => {
  it('TRL SFT: dataset, script, config, requirements and README for Llama-3.2-3B-Instruct', () => {
    const database = seeded();
    const directory = path.join(home.path, 'trl-sft');
    const project = writeLocalProject(database, learning, { directory, method: 'sft', name: 'my-llama' });
    for (const file of ['train.py', 'config.json', 'requirements.txt', 'README.md', 'data/train.jsonl'])
      expect(existsSync(path.join(directory, file))).toBe(true);
    const config = JSON.parse(readFileSync(path.join(directory, 'config.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(config).toMatchObject({
      base_model: 'meta-llama/Llama-3.2-3B-Instruct',
      method: 'sft',
      trainer: 'trl',
      train_file: 'data/train.jsonl',
      epochs: 3,
      lora_rank: 16,
      model_name: 'my-llama',
    });
    const data = [
      ...lines(path.join(directory, 'data/train.jsonl')),
      ...(config.validation_file ? lines(path.join(directory, String(config.validation_file))) : []),
    ];
    expect(data).toHaveLength(20);
    for (const record of data) expect(trlSftSchema.safeParse(record).success).toBe(true);
    const script = readFileSync(path.join(directory, 'train.py'), 'utf8');
    expect(script).toContain('from trl import DPOConfig, DPOTrainer, SFTConfig, SFTTrainer');
    expect(script).toContain('peft_config=peft_config');
    expect(readFileSync(path.join(directory, 'requirements.txt'), 'utf8')).toContain('trl>=');
    expect(readFileSync(path.join(directory, 'README.md'), 'utf8')).toContain(
      'conclave experiment create my-llama-vs-current',
    );
    expect(createFineTuneStore(database).get(project.id)).toMatchObject({
      provider: 'local',
      status: 'prepared',
      modelName: 'my-llama',
    });
  });

  it('TRL DPO writes prompt/chosen/rejected data; Unsloth SFT writes its own script', () => {
    const database = seeded();
    const dpo = path.join(home.path, 'trl-dpo');
    writeLocalProject(database, learning, { directory: dpo, method: 'dpo' });
    for (const record of lines(path.join(dpo, 'data/train.jsonl')))
      expect(trlDpoSchema.safeParse(record).success).toBe(true);
    const unsloth = path.join(home.path, 'unsloth');
    writeLocalProject(database, learning, {
      directory: unsloth,
      method: 'sft',
      trainer: 'unsloth',
      baseModel: 'unsloth/Llama-3.2-3B-Instruct',
    });
    const script = readFileSync(path.join(unsloth, 'train.py'), 'utf8');
    expect(script).toContain('from unsloth import FastLanguageModel');
    expect(script).toContain('save_pretrained_gguf');
  });

  it.runIf(python)('the generated scripts are valid Python', () => {
    for (const project of ['trl-sft', 'unsloth']) {
      const result = spawnSync(python!, ['-m', 'py_compile', path.join(home.path, project, 'train.py')], {
        encoding: 'utf8',
      });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
    }
  });

  it('refuses DPO with Unsloth, a non-empty directory, and too few examples (leaving nothing behind)', () => {
    const database = seeded();
    expect(() =>
      writeLocalProject(database, learning, {
        directory: path.join(home.path, 'x'),
        method: 'dpo',
        trainer: 'unsloth',
      }),
    ).toThrow(/Unsloth project template does SFT only/);
    const occupied = path.join(home.path, 'occupied');
    mkdirSync(occupied, { recursive: true });
    writeFileSync(path.join(occupied, 'keep.txt'), 'mine');
    expect(() => writeLocalProject(database, learning, { directory: occupied, method: 'sft' })).toThrow(
      /exists and is not empty/,
    );
    const tooFew = path.join(home.path, 'too-few');
    expect(() =>
      writeLocalProject(database, learning, { directory: tooFew, method: 'sft', minExamples: 1_000 }),
    ).toThrow(/needs at least 1000/);
    expect(existsSync(tooFew)).toBe(false);
  });
});
