import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importOutcomes } from '../../src/learning/evaluation/import/import-outcomes.js';
import { writeReport } from '../../src/learning/evaluation/report/write-report.js';
import {
  createEvaluationStore,
  type EvaluationStore,
} from '../../src/learning/evaluation/runner/evaluation-store.js';
import { createTestEngine } from './test-engine.js';

const directory = mkdtempSync(path.join(os.tmpdir(), 'conclave-import-'));
let testEngine: Awaited<ReturnType<typeof createTestEngine>>;
let store: EvaluationStore;
beforeAll(async () => {
  testEngine = await createTestEngine([]);
  store = createEvaluationStore(testEngine.engine.database);
});
afterAll(async () => {
  await testEngine.close();
  rmSync(directory, { recursive: true, force: true });
});

const line = (task: string, category: string, split: string, id: string, outcomes: Record<string, unknown>) =>
  JSON.stringify({ source: 'routerbench', task, category, split, id, prompt: 'p', outcomes });

function fixture(): string {
  const file = path.join(directory, 'outcomes.jsonl');
  const cell = (correct: number | null, cost = 0.001) => ({ score: correct, correct, cost, response: 'r' });
  writeFileSync(
    file,
    [
      line('mbpp', 'code', 'train', 'q1', {
        'gpt-4-1106-preview': cell(1, 0.005),
        'claude-v2': cell(0),
        'zero-one-ai/Yi-34B-Chat': cell(1),
      }),
      line('mbpp', 'code', 'test', 'q2', {
        'gpt-4-1106-preview': cell(1, 0.005),
        'claude-v2': cell(1),
        'zero-one-ai/Yi-34B-Chat': cell(0),
      }),
      line('arc-challenge', 'knowledge_mc', 'test', 'q3', {
        'gpt-4-1106-preview': cell(null),
        'claude-v2': cell(1),
        'zero-one-ai/Yi-34B-Chat': cell(1),
      }),
      // The same query in both splits (as 6 ARC ids are upstream): counted once.
      line('arc-challenge', 'knowledge_mc', 'train', 'q3', {
        'gpt-4-1106-preview': cell(null),
        'claude-v2': cell(1),
        'zero-one-ai/Yi-34B-Chat': cell(1),
      }),
      line('winogrande', 'commonsense_mc', 'test', 'q4', {
        'mistralai/mixtral-8x7b-chat': cell(1),
        'mistralai/mistral-7b-chat': cell(0),
      }),
      '',
    ].join('\n'),
  );
  return file;
}

describe('eval import', () => {
  it('maps dataset names onto catalog ids, keeps the rest as named evidence, and maps tasks to task types', async () => {
    const summary = await importOutcomes({ store, file: fixture(), profiles: testEngine.engine.catalog() });
    expect(summary).toMatchObject({
      id: 'import-outcomes',
      rows: 5,
      duplicates: 1,
      missingOutcomes: 2,
      missing: 'skip',
      mapping: {
        'gpt-4-1106-preview': 'gpt-4-turbo',
        'zero-one-ai/Yi-34B-Chat': 'yi-34b-chat',
        'mistralai/mixtral-8x7b-chat': 'mixtral-8x7b-instruct',
        'claude-v2': null,
        'mistralai/mistral-7b-chat': null,
      },
      unmapped: ['claude-v2', 'mistralai/mistral-7b-chat'],
      taskTypes: { mbpp: 'code', 'arc-challenge': 'analysis', winogrande: 'quick' },
    });
    const cells = store.cells('import-outcomes');
    expect(summary.cells).toBe(cells.length);
    expect(
      cells
        .filter((cell) => cell.model === 'gpt-4-turbo')
        .map((cell) => [cell.taskId, cell.quality, cell.costUsd]),
    ).toEqual([
      ['mbpp/q1', 1, 0.005],
      ['mbpp/q2', 1, 0.005],
    ]);
    expect(cells.find((cell) => cell.taskId === 'mbpp/q1' && cell.model === 'claude-v2')).toMatchObject({
      datasetModel: 'claude-v2',
      taskType: 'code',
      quality: 0,
    });
  });

  it('missing outcomes can count as wrong; explicit maps and task types override the defaults', async () => {
    const summary = await importOutcomes({
      store,
      file: fixture(),
      profiles: testEngine.engine.catalog(),
      missing: 'wrong',
      name: 'strict',
      modelMap: { 'mistralai/mistral-7b-chat': 'mistral-7b-instruct-v0.3' },
      taskTypes: { knowledge_mc: 'deep' },
      split: 'test',
    });
    expect(summary).toMatchObject({ rows: 3, missingOutcomes: 1, taskTypes: { 'arc-challenge': 'deep' } });
    expect(summary.mapping['mistralai/mistral-7b-chat']).toBe('mistral-7b-instruct-v0.3');
    const arc = store
      .cells('strict')
      .find((cell) => cell.taskId === 'arc-challenge/q3' && cell.model === 'gpt-4-turbo');
    expect(arc).toMatchObject({ quality: 0, taskType: 'deep' });
  });

  it('re-importing replaces the earlier import instead of doubling it', async () => {
    const file = fixture();
    await importOutcomes({ store, file, profiles: testEngine.engine.catalog(), name: 'twice' });
    const first = store.cells('twice').length;
    await importOutcomes({ store, file, profiles: testEngine.engine.catalog(), name: 'twice' });
    expect(store.cells('twice')).toHaveLength(first);
  });

  it('re-importing a changed file keeps no question text that no cell refers to any more', async () => {
    const file = path.join(directory, 'changing.jsonl');
    const write = (prompts: string[]) =>
      writeFileSync(
        file,
        prompts
          .map((prompt, index) =>
            JSON.stringify({
              source: 'routerbench',
              task: 'mbpp',
              category: 'code',
              split: 'test',
              id: `c${index}`,
              prompt,
              outcomes: { 'gpt-4-1106-preview': { correct: 1, cost: 0.001, response: 'r' } },
            }),
          )
          .join('\n'),
      );
    const orphans = () =>
      (
        testEngine.engine.database
          .prepare(
            `SELECT COUNT(*) AS n FROM evaluation_prompts WHERE prompt_hash NOT IN
               (SELECT substr(task_hash, 1, instr(task_hash, ':') - 1) FROM evaluation_cells)`,
          )
          .get() as { n: number }
      ).n;
    const stored = () =>
      (
        testEngine.engine.database.prepare('SELECT COUNT(*) AS n FROM evaluation_prompts').get() as {
          n: number;
        }
      ).n;
    write(['Write a function that reverses a list.', 'Write a function that sums a list.']);
    await importOutcomes({ store, file, profiles: testEngine.engine.catalog(), name: 'changing' });
    const before = stored();
    write(['Write a function that sorts a list.', 'Write a function that sums a list.']);
    await importOutcomes({ store, file, profiles: testEngine.engine.catalog(), name: 'changing' });
    expect(orphans()).toBe(0);
    expect(stored()).toBe(before);
    expect(store.cells('changing').map((cell) => cell.taskId)).toEqual(['mbpp/c0', 'mbpp/c1']);
  });

  it('imported evidence feeds the report and the rules file, unmapped names listed but not recommended', async () => {
    const result = writeReport({
      store,
      runIds: ['import-outcomes'],
      isRoutable: (model) => testEngine.engine.profile(model) !== undefined,
      policy: { objective: 'quality', tolerance: 0.05, minSamples: 1 },
      guideDirectory: path.join(directory, 'guide'),
      rulesFile: path.join(directory, 'guide', 'rules.json'),
    });
    expect(result.evidence.taskTypes.code?.primary).toBe('gpt-4-turbo');
    expect(Object.keys(result.evidence.taskTypes.code?.models ?? {}).sort()).toEqual([
      'claude-v2',
      'gpt-4-turbo',
      'yi-34b-chat',
    ]);
    expect(result.evidence.taskTypes.analysis?.primary).toBe('yi-34b-chat');
  });

  it('a bad line fails with the file and line number; an unknown task asks for a mapping', async () => {
    const bad = path.join(directory, 'bad.jsonl');
    writeFileSync(bad, `${line('mbpp', 'code', 'test', 'q1', {})}\n{"source": "x"}\n`);
    await expect(importOutcomes({ store, file: bad, profiles: [] })).rejects.toThrow(`${bad}:2: task: `);
    const unknown = path.join(directory, 'unknown.jsonl');
    writeFileSync(unknown, `${line('hellaswag', 'completion', 'test', 'q1', {})}\n`);
    await expect(importOutcomes({ store, file: unknown, profiles: [] })).rejects.toThrow(
      /task "hellaswag" \(category "completion"\) has no task type/,
    );
    await expect(
      importOutcomes({ store, file: path.join(directory, 'nope.jsonl'), profiles: [] }),
    ).rejects.toThrow(/Cannot read/);
  });

  const routerbench = path.resolve(
    import.meta.dirname,
    '../../../shared/data/routing/routerbench_subset.jsonl',
  );
  it.skipIf(!existsSync(routerbench))(
    'the RouterBench subset imports with the published figures (missing = wrong)',
    async () => {
      const summary = await importOutcomes({
        store,
        file: routerbench,
        profiles: testEngine.engine.catalog(),
        missing: 'wrong',
        name: 'routerbench',
      });
      expect(summary.rows).toBe(3170);
      expect(summary.duplicates).toBe(6);
      expect(summary.unmapped).toHaveLength(7);
      const gpt4 = store.cells('routerbench').filter((cell) => cell.model === 'gpt-4-turbo');
      // The README's reference figure over all rows is .877; the 6 duplicated ARC ids count once here.
      const mean = gpt4.reduce((sum, cell) => sum + (cell.quality ?? 0), 0) / gpt4.length;
      expect(gpt4).toHaveLength(3164);
      expect(mean).toBeCloseTo(0.877, 2);
    },
    60_000,
  );
});
