import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatEnsembleReport } from '../../src/orchestration/ensemble/replay/format-ensemble-report.js';
import { readOutcomeDataset } from '../../src/orchestration/ensemble/replay/outcome-dataset.js';
import { createReplayCaller } from '../../src/orchestration/ensemble/replay/replay-caller.js';
import { runEnsembleBenchmark } from '../../src/orchestration/ensemble/replay/run-ensemble-benchmark.js';
import {
  toPatternRows,
  trainPatternPolicy,
} from '../../src/orchestration/ensemble/replay/train-pattern-policy.js';
import { createTempHome } from '../helpers/temp-home.js';

/**
 * A synthetic outcome file in the routing README's format: two cheap models that are right 80% of the time
 * (independently), a strong one right 95% of the time at 20× the price, and an expensive weak one.
 */
function writeSyntheticData(file: string, count = 400): void {
  let seed = 7;
  const random = () => {
    seed = (seed * 48_271) % 2_147_483_647;
    return seed / 2_147_483_647;
  };
  const labels = ['A', 'B', 'C', 'D'];
  const models: Record<string, { accuracy: number; cost: number }> = {
    'cheap-a': { accuracy: 0.8, cost: 0.0001 },
    'cheap-b': { accuracy: 0.8, cost: 0.00012 },
    strong: { accuracy: 0.95, cost: 0.002 },
    'pricey-weak': { accuracy: 0.5, cost: 0.003 },
  };
  const lines: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const gold = labels[Math.floor(random() * 4)]!;
    const outcomes: Record<string, unknown> = {};
    for (const [model, { accuracy, cost }] of Object.entries(models)) {
      const right = random() < accuracy;
      const wrong = labels.filter((label) => label !== gold)[Math.floor(random() * 3)]!;
      const graded = !(model === 'cheap-b' && index % 50 === 0);
      outcomes[model] = {
        correct: graded ? (right ? 1 : 0) : null,
        cost,
        response: `${right ? gold : wrong}\n`,
      };
    }
    lines.push(
      JSON.stringify({
        source: 'synthetic',
        task: 'arc-challenge',
        split: index % 3 === 0 ? 'test' : 'train',
        id: `q${index}`,
        prompt: `Question ${index}?\nA) one\nB) two\nC) three\nD) four\nAnswer:`,
        outcomes,
      }),
    );
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}

describe('benchmark replay on a synthetic outcome file', () => {
  const home = createTempHome('conclave-ensemble-bench-');
  const file = path.join(home.path, 'outcomes.jsonl');
  writeSyntheticData(file);
  afterAll(() => home.cleanup());

  it('reads gold answers from the graded answers, and ungraded cells as failed (paid) calls', async () => {
    const queries = await readOutcomeDataset(file, ['arc-challenge']);
    expect(queries).toHaveLength(400);
    const first = queries[0]!;
    expect(first.format).toMatchObject({ kind: 'choice', labels: ['A', 'B', 'C', 'D'] });
    expect(first.answers.get('cheap-b')?.response).toBeUndefined();
    const { call, unrecorded } = createReplayCaller(first);
    const missing = await call({ model: 'cheap-b', role: 'member', prompt: [] });
    expect(missing).toMatchObject({ ok: false, costUsd: 0.00012 });
    const judge = await call({ model: 'strong', role: 'judge', prompt: [] });
    expect(judge.ok).toBe(false);
    expect(unrecorded()).toBe(1);
  });

  it('reports every strategy vs best-single and oracle; the tuned cascade is cheaper and beats the cheap models', async () => {
    const report = await runEnsembleBenchmark({ data: file, tasks: ['arc-challenge'] });
    expect(Object.keys(report).slice(0, 4)).toEqual(['dataset', 'split', 'tasks', 'strategies']);
    expect(report).toMatchObject({ dataset: 'outcomes.jsonl', split: 'test', tasks: ['arc-challenge'] });
    for (const strategy of report.strategies)
      expect(Object.keys(strategy).slice(0, 4)).toEqual(['name', 'members', 'quality', 'costPerQuery']);
    const byName = (name: string) => report.strategies.find((strategy) => strategy.name === name)!;
    const bestSingle = byName('best-single');
    expect(bestSingle.members).toEqual(['strong']);
    const oracle = byName('oracle');
    expect(oracle.quality).toBeGreaterThanOrEqual(
      Math.max(...report.strategies.map((strategy) => strategy.quality)),
    );
    expect(oracle.costPerQuery).toBeLessThan(bestSingle.costPerQuery);
    const cheap = report.strategies.filter(
      (strategy) => strategy.name === 'single' && strategy.members[0]!.startsWith('cheap'),
    );
    const cascade = byName('cascade (learned escalation tree, ≤ 50% of best-single cost)');
    expect(cascade.costPerQuery).toBeLessThan(0.6 * bestSingle.costPerQuery);
    expect(cascade.quality).toBeGreaterThan(Math.max(...cheap.map((strategy) => strategy.quality)) + 0.05);
    expect(byName('cascade (agreement threshold, ≤ 50% of best-single cost)').members).toContain('strong');
    const vote = byName('weighted (uniform weights = majority vote, all 4)');
    expect(vote.costPerQuery).toBeCloseTo(0.0001 + 0.00012 + 0.002 + 0.003, 9);
    expect(report.target.bestSingle).toBe('strong');
    const markdown = formatEnsembleReport(report);
    expect(markdown).toContain('| strategy | members | quality | arc-challenge | $/query |');
    expect(markdown).toContain('| best-single | strong |');
    expect(markdown).toMatch(/Best budget-tuned cascade on test: .+ → target (MET|NOT met)\./);
  });

  it('the escalation tree stops where cheap answers are reliable and escalates where they are not', async () => {
    const queries = (await readOutcomeDataset(file, ['arc-challenge'])).filter(
      (query) => query.split === 'train',
    );
    const rows = toPatternRows(queries);
    const free = trainPatternPolicy(rows, {
      candidates: ['cheap-a', 'strong'],
      lambda: 0,
      minSupport: 10,
      maxDepth: 2,
      raw: false,
    });
    // At λ = 0 money is free: the strong model is always asked.
    expect(JSON.stringify(free.tree)).toContain('"ask":"strong"');
    const costly = trainPatternPolicy(rows, {
      candidates: ['cheap-a', 'strong'],
      lambda: 1e6,
      minSupport: 10,
      maxDepth: 2,
      raw: false,
    });
    expect(costly.tree).toMatchObject({ stop: false, ask: 'cheap-a' });
    expect(JSON.stringify(costly.tree)).not.toContain('"ask":"strong"');
  });
});
