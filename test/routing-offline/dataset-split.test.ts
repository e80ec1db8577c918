import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isConclaveError } from '../../src/core/conclave-error.js';
import { splitOutcomeDataset } from '../../src/routing/offline/dataset-split.js';
import { loadOutcomeDataset, type OutcomeRecord } from '../../src/routing/offline/outcome-dataset.js';

const record = (
  id: string,
  split: 'train' | 'test',
  task: string,
  correct: number | null = 1,
): OutcomeRecord => ({
  source: 'test',
  task,
  split,
  id,
  prompt: `prompt ${id}`,
  quality: { small: correct, large: 1 },
  cost: { small: 0.001, large: 0.01 },
});

describe('splitOutcomeDataset', () => {
  it('uses the file split, drops train ids that also appear in test, counts missing cells as wrong', () => {
    const split = splitOutcomeDataset([
      record('a', 'train', 'x'),
      record('shared', 'train', 'x'),
      record('b', 'train', 'x', null),
      record('shared', 'test', 'x'),
      record('c', 'test', 'x'),
    ]);
    expect(split.description.kind).toBe('file');
    expect(split.description.droppedFromTrain).toEqual(['shared']);
    expect(split.train.map((row) => row.id)).toEqual(['a', 'b']);
    expect(split.test.map((row) => row.id)).toEqual(['shared', 'c']);
    expect(split.description.missingOutcomeCells).toBe(1);
    expect(split.train[1]?.quality).toEqual([0, 1]);
    expect(split.models).toEqual(['small', 'large']);
  });

  it('splits files without a train split 50/50 per task, the same way for the same seed', () => {
    const records = [
      ...Array.from({ length: 10 }, (_, index) => record(`m${index}`, 'test', 'math')),
      ...Array.from({ length: 6 }, (_, index) => record(`c${index}`, 'test', 'chat')),
    ];
    const first = splitOutcomeDataset(records, { seed: 42 });
    const again = splitOutcomeDataset(records, { seed: 42 });
    const other = splitOutcomeDataset(records, { seed: 43 });
    expect(first.description).toMatchObject({
      kind: 'stratified-by-task',
      seed: 42,
      trainSize: 8,
      testSize: 8,
    });
    expect(first.train.filter((row) => row.task === 'math')).toHaveLength(5);
    expect(first.train.filter((row) => row.task === 'chat')).toHaveLength(3);
    expect(again.train.map((row) => row.id)).toEqual(first.train.map((row) => row.id));
    expect(other.train.map((row) => row.id)).not.toEqual(first.train.map((row) => row.id));
    const trainIds = new Set(first.train.map((row) => row.id));
    expect(first.test.some((row) => trainIds.has(row.id))).toBe(false);
  });
});

describe('loadOutcomeDataset', () => {
  let directory = '';
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'conclave-routing-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  const line = (id: string) =>
    JSON.stringify({
      source: 'routellm',
      task: 'gsm8k',
      split: 'test',
      id,
      prompt: 'p',
      outcomes: { weak: { score: 0.5, correct: null, cost: null }, strong: { correct: 1 } },
    });

  it('streams lines, using the graded score when no binary verdict exists', async () => {
    const path = join(directory, 'good.jsonl');
    await writeFile(path, `${line('one')}\n\n${line('two')}\n`);
    const records = await loadOutcomeDataset(path);
    expect(records.map((entry) => entry.id)).toEqual(['one', 'two']);
    expect(records[0]?.quality).toEqual({ weak: 0.5, strong: 1 });
    expect(records[0]?.cost).toEqual({ weak: null, strong: null });
  });

  it('names the line number of bad data', async () => {
    const path = join(directory, 'bad.jsonl');
    await writeFile(path, `${line('one')}\n${JSON.stringify({ task: 'gsm8k' })}\n`);
    const error = await loadOutcomeDataset(path).catch((caught: unknown) => caught);
    expect(isConclaveError(error, 'bad-request')).toBe(true);
    expect((error as Error).message).toContain(`${path}:2: `);
    const broken = join(directory, 'broken.jsonl');
    await writeFile(broken, `${line('one')}\n${line('two')}\n{"source":`);
    await expect(loadOutcomeDataset(broken)).rejects.toThrow(`${broken}:3: not valid JSON`);
  });
});
