import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatRoutingReportMarkdown } from '../../src/routing/offline/format-routing-report.js';
import { renderCostQualitySvg } from '../../src/routing/offline/render-cost-quality-svg.js';
import { runRoutingBenchmark } from '../../src/routing/offline/run-routing-benchmark.js';

const training = {
  logistic: { l2: 0.01, iterations: 30, learningRate: 0.1 },
  stack: { folds: 2, ridge: 1 },
} as const;

// Three models: "cheap" solves arithmetic only, "mid" solves trivia only, "dear" solves both at 10×.
function multiModelLines(): string {
  const lines: string[] = [];
  for (let index = 0; index < 80; index += 1) {
    const arithmetic = index % 2 === 0;
    const prompt = arithmetic
      ? `add ${index} and ${index + 3} then sum`
      : `which capital city is famous trivia ${index % 5}`;
    lines.push(
      JSON.stringify({
        source: 'synthetic',
        task: arithmetic ? 'math' : 'trivia',
        split: index < 56 ? 'train' : 'test',
        id: `q${index}`,
        prompt,
        outcomes: {
          cheap: { correct: arithmetic ? 1 : 0, cost: 0.001 },
          mid: { correct: arithmetic ? 0 : 1, cost: 0.002 },
          dear: { correct: 1, cost: 0.01 },
        },
      }),
    );
  }
  return lines.join('\n');
}

// Two models without prices or a train split; the strong one only matters on long prompts.
function twoModelLines(): string {
  return Array.from({ length: 60 }, (_, index) => {
    const long = index % 3 === 0;
    return JSON.stringify({
      source: 'routellm',
      task: 'gsm8k',
      split: 'test',
      id: `g${index}`,
      prompt: long
        ? `a long multi step word problem with many numbers ${index} ${index * 7} ${index * 3} and more words`
        : `short sum ${index}`,
      outcomes: { weak: { correct: long ? 0 : 1, cost: null }, strong: { correct: 1, cost: null } },
    });
  }).join('\n');
}

describe('runRoutingBenchmark', () => {
  let directory = '';
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'conclave-bench-routing-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('scores every strategy on a priced multi-model file', async () => {
    const path = join(directory, 'multi.jsonl');
    await writeFile(path, multiModelLines());
    const report = await runRoutingBenchmark({ data: path, training, online: { policy: 'thompson-task' } });
    const byName = Object.fromEntries(report.strategies.map((strategy) => [strategy.name, strategy]));
    expect(Object.keys(byName)).toEqual([
      'random',
      'cheapest',
      'best-single',
      'zero-router',
      'oracle',
      'task-prior',
      'knn',
      'conclave',
      'conclave-tolerance',
    ]);
    expect(report.dataset).toBe('multi');
    expect(report.bestSingle).toBe('dear');
    expect(byName['best-single']).toMatchObject({ quality: 1, aiq: null, apgr: null });
    expect(byName['best-single']?.costPerQuery).toBeCloseTo(0.01, 12);
    // Oracle: cheap on arithmetic, mid on trivia → quality 1 at 0.0015 per query.
    expect(byName.oracle?.quality).toBe(1);
    expect(byName.oracle?.costPerQuery).toBeCloseTo(0.0015, 12);
    // The task type alone separates the two skills here, so the task prior matches the best model cheaply.
    expect(byName['task-prior']?.costToMatchBest).toBeCloseTo(0.0015, 12);
    expect(byName['zero-router']?.aiq).toBeLessThan(byName.oracle?.aiq as number);
    expect(byName.conclave?.aiq).toBeGreaterThan(byName['zero-router']?.aiq as number);
    expect(report.online?.map((run) => [run.policy, run.queries])).toEqual([['thompson-task', 24]]);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    const markdown = formatRoutingReportMarkdown(report);
    expect(markdown).toContain('| conclave | ');
    expect(markdown).toContain("Split: the file's own train/test split (train 56, test 24).");
    const svg = renderCostQualitySvg(report);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('conclave');
  });

  it('reports APGR / CPT and a seeded stratified split on two-model data without prices', async () => {
    const path = join(directory, 'pair.jsonl');
    await writeFile(path, twoModelLines());
    const report = await runRoutingBenchmark({ data: path, training, splitSeed: 11 });
    expect(report.split).toMatchObject({ kind: 'stratified-by-task', seed: 11, trainSize: 30, testSize: 30 });
    expect(report.pair).toEqual({ strong: 'strong', weak: 'weak' });
    const byName = Object.fromEntries(report.strategies.map((strategy) => [strategy.name, strategy]));
    expect(byName.random?.apgr).toBeCloseTo(0.5, 12);
    expect(byName['zero-router']?.apgr).toBeCloseTo(0.5, 12);
    expect(byName.oracle?.apgr).toBeGreaterThan(0.8);
    // Long prompts are exactly the ones that need the strong model; prompt shape gives that away.
    expect(byName.conclave?.apgr).toBeGreaterThan(0.8);
    expect(byName.conclave?.costPerQuery).toBeNull();
    expect(byName.conclave?.aiq).toBeNull();
    expect(report.strategies.some((strategy) => strategy.name === 'cheapest')).toBe(false);
    expect(renderCostQualitySvg(report)).toContain('share of calls to the strong model');
  });
});
