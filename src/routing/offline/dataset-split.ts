import { ConclaveError } from '../../core/conclave-error.js';
import { createSeededRandom, shuffleWith } from '../../core/sampling.js';
import type { OutcomeRecord } from './outcome-dataset.js';

/** One query with dense per-model arrays, in the dataset's model order. */
export interface OutcomeRow {
  id: string;
  task: string;
  prompt: string;
  /** 0..1 per model; missing upstream cells are already counted as wrong (0). */
  quality: number[];
  /** USD per model call; 0 when the dataset has no prices. */
  cost: number[];
}

export interface SplitDescription {
  kind: 'file' | 'stratified-by-task';
  /** Seed of the shuffle for `stratified-by-task`, null for the file's own split. */
  seed: number | null;
  trainSize: number;
  testSize: number;
  /** Train ids dropped because the same id is also in test (strict split). */
  droppedFromTrain: string[];
  /** Cells with no upstream outcome; they count as wrong. */
  missingOutcomeCells: number;
  hasCosts: boolean;
}

export interface OutcomeSplit {
  models: string[];
  train: OutcomeRow[];
  test: OutcomeRow[];
  description: SplitDescription;
}

export interface SplitOptions {
  /** Seed for data without a train split (default 20240601). */
  seed?: number;
  /** Share of each task kept for training when the file has no train split (default 0.5). */
  trainShare?: number;
}

/**
 * Uses the file's own train/test split when it has one (dropping train ids that leak into test),
 * otherwise a fixed-seed split stratified by task, so every task keeps its share on both sides.
 */
export function splitOutcomeDataset(records: OutcomeRecord[], options: SplitOptions = {}): OutcomeSplit {
  const { seed = 20240601, trainShare = 0.5 } = options;
  const first = records[0];
  if (!first) throw new ConclaveError('bad-request', 'the outcome dataset is empty');
  const models = Object.keys(first.quality);
  let missingOutcomeCells = 0;
  let hasCosts = false;
  const rows = records.map((record, index): OutcomeRow => {
    const quality = models.map((model) => {
      const value = record.quality[model];
      if (value === undefined) {
        throw new ConclaveError(
          'bad-request',
          `record ${index + 1} (${record.id}) has no outcome for ${model}`,
        );
      }
      if (value === null) missingOutcomeCells += 1;
      return value ?? 0;
    });
    const cost = models.map((model) => {
      const value = record.cost[model];
      if (typeof value === 'number') hasCosts = true;
      return value ?? 0;
    });
    return { id: record.id, task: record.task, prompt: record.prompt, quality, cost };
  });
  const hasFileSplit = records.some((record) => record.split === 'train');
  let train: OutcomeRow[];
  let test: OutcomeRow[];
  let droppedFromTrain: string[] = [];
  if (hasFileSplit) {
    test = rows.filter((_, index) => records[index]?.split === 'test');
    const testIds = new Set(test.map((row) => row.id));
    const fileTrain = rows.filter((_, index) => records[index]?.split === 'train');
    droppedFromTrain = [...new Set(fileTrain.filter((row) => testIds.has(row.id)).map((row) => row.id))];
    train = fileTrain.filter((row) => !testIds.has(row.id));
  } else {
    ({ train, test } = stratifiedSplit(rows, seed, trainShare));
  }
  if (train.length === 0 || test.length === 0) {
    throw new ConclaveError('bad-request', 'the split left no train or no test rows');
  }
  const description: SplitDescription = {
    kind: hasFileSplit ? 'file' : 'stratified-by-task',
    seed: hasFileSplit ? null : seed,
    trainSize: train.length,
    testSize: test.length,
    droppedFromTrain,
    missingOutcomeCells,
    hasCosts,
  };
  return { models, train, test, description };
}

function stratifiedSplit(rows: OutcomeRow[], seed: number, trainShare: number) {
  const random = createSeededRandom(seed);
  const byTask = new Map<string, OutcomeRow[]>();
  for (const row of rows) {
    const group = byTask.get(row.task);
    if (group) group.push(row);
    else byTask.set(row.task, [row]);
  }
  const train: OutcomeRow[] = [];
  const test: OutcomeRow[] = [];
  // Sorted task order keeps the random stream, and so the split, independent of file order of tasks.
  for (const task of [...byTask.keys()].sort()) {
    const shuffled = shuffleWith(byTask.get(task) ?? [], random);
    const cut = Math.round(shuffled.length * trainShare);
    train.push(...shuffled.slice(0, cut));
    test.push(...shuffled.slice(cut));
  }
  return { train, test };
}
