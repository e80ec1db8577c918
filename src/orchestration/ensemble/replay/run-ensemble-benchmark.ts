import path from 'node:path';
import { ConclaveError } from '../../../core/conclave-error.js';
import { baselineStrategies, oracleEntry } from './baseline-strategies.js';
import type { Goal } from './choose-under-budget.js';
import { fitReliability, key, type ModelRecord } from './fit-reliability.js';
import { type ReplayQuery, readOutcomeDataset } from './outcome-dataset.js';
import { type ReplayStrategy, replayStrategy } from './replay-strategy.js';
import { tuneThresholdCascade, tuneTreeCascade } from './tune-cascades.js';
import { tunePosteriorCascade } from './tune-posterior-cascade.js';

/** Budgets (shares of the best single model's cost) of the learned cascade's trade-off curve. */
const SWEEP = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

export interface StrategyResult {
  name: string;
  members: string[];
  quality: number;
  costPerQuery: number;
  /** Share of test queries answered (consensus withholds answers; withheld counts as wrong). */
  answered: number;
  perTask: Record<string, { quality: number; costPerQuery: number }>;
  /** The same figures on the train split, where the configuration was chosen. */
  train: { quality: number; costPerQuery: number };
}

export interface EnsembleBenchmarkReport {
  dataset: string;
  split: 'test';
  tasks: string[];
  strategies: StrategyResult[];
  queries: { train: number; test: number };
  target: {
    bestSingle: string;
    quality: number;
    costPerQuery: number;
    budgetPerQuery: number;
    /** The cost-aware strategy with the best test accuracy within the budget, and whether it matches best-single. */
    best?: { name: string; quality: number; costPerQuery: number; met: boolean };
  };
  notes: string[];
}

export interface EnsembleBenchmarkOptions {
  data: string;
  tasks: string[];
  /** The cost-aware strategies' budget as a share of the best single model's train cost per query. */
  budgetShare?: number;
  onProgress?: (message: string) => void;
}

/**
 * Replays recorded answers of real models through the ensemble strategies' own code. Members, weights,
 * thresholds and escalation policies are chosen on the train split only; every figure reported is the test split.
 */
export async function runEnsembleBenchmark(
  options: EnsembleBenchmarkOptions,
): Promise<EnsembleBenchmarkReport> {
  const progress = options.onProgress ?? (() => undefined);
  const queries = await readOutcomeDataset(options.data, options.tasks);
  const train = queries.filter((query) => query.split === 'train');
  const test = queries.filter((query) => query.split === 'test');
  if (train.length === 0 || test.length === 0)
    throw new ConclaveError(
      'bad-request',
      `${options.data} has no train and test rows for ${options.tasks.join(', ')}.`,
      {
        hint: 'Tasks in routerbench_subset.jsonl: arc-challenge, winogrande, mbpp.',
      },
    );
  const tasks = [...new Set(queries.map((query) => query.task))];
  const models = [...new Set(queries.flatMap((query) => [...query.answers.keys()]))];
  const records = fitReliability(train);
  const trainAccuracy = (model: string) =>
    tasks.reduce((sum, task) => {
      const count = train.filter((query) => query.task === task).length;
      return sum + (records.get(key(task, model))?.accuracy ?? 0) * count;
    }, 0);
  const trainCost = (model: string) =>
    train.reduce((sum, query) => sum + (query.answers.get(model)?.costUsd ?? 0), 0) / train.length;
  const bestSingle = [...models].sort(
    (left, right) => trainAccuracy(right) - trainAccuracy(left) || trainCost(left) - trainCost(right),
  )[0]!;
  const strategies: ReplayStrategy[] = baselineStrategies({
    models,
    tasks,
    records,
    bestSingle,
    free: test[0]!.format.kind === 'free',
  });
  const tuning = { train, tasks, models, records, strongest: bestSingle };
  const share = options.budgetShare ?? 0.5;
  const budget = (fraction: number): Goal => ({
    kind: 'budget',
    maxCostPerQuery: fraction * trainCost(bestSingle),
  });
  const within = (fraction: number) => `≤ ${Math.round(fraction * 100)}% of best-single cost`;
  const match: Goal = { kind: 'match', minRight: trainAccuracy(bestSingle) };
  const closedForm = test[0]!.format.kind !== 'free';
  progress('tuning threshold cascades on train…');
  for (const [goal, label] of [
    [budget(share), within(share)],
    [match, 'match best-single'],
  ] as const) {
    const tuned = await tuneThresholdCascade(tuning, goal, label);
    if (tuned) strategies.push(tuned);
  }
  if (closedForm) {
    progress('training escalation trees on train…');
    // The headline budget, matching the best single model, then the trade-off curve.
    const sweep = SWEEP.filter((fraction) => Math.abs(fraction - share) > 1e-9);
    for (const [goal, label] of [
      [budget(share), within(share)] as const,
      [match, 'match best-single'] as const,
      ...sweep.map((fraction) => [budget(fraction), within(fraction)] as const),
    ]) {
      const tuned = tuneTreeCascade(tuning, goal, label);
      if (tuned) strategies.push(tuned);
    }
    progress('fitting answer models for bayesian escalation on train…');
    const bayesian = tunePosteriorCascade(tuning, budget(share), { label: within(share) });
    if (bayesian) strategies.push(bayesian);
  }
  const results: StrategyResult[] = [];
  for (const strategy of strategies) {
    progress(`replaying ${strategy.name}…`);
    results.push(await measure(strategy, { train, test, tasks, records }));
  }
  results.push(oracleEntry(train, test, tasks, models));
  // The headline: the budget-tuned cascade with the best test accuracy (its test cost is reported as measured).
  const best = results
    .filter((result) => result.name.startsWith('cascade') && result.name.endsWith(`${within(share)})`))
    .sort((left, right) => right.quality - left.quality)[0];
  const single = results.find((result) => result.name === 'best-single')!;
  return {
    dataset: path.basename(options.data),
    split: 'test',
    tasks,
    strategies: results,
    queries: { train: train.length, test: test.length },
    target: {
      bestSingle,
      quality: single.quality,
      costPerQuery: single.costPerQuery,
      budgetPerQuery: single.costPerQuery * share,
      best: best && {
        name: best.name,
        quality: best.quality,
        costPerQuery: best.costPerQuery,
        met: best.quality >= single.quality && best.costPerQuery <= single.costPerQuery * share,
      },
    },
    notes: [
      'Cells the benchmark did not grade (correct: null) are failed member calls: paid, no usable answer (missing = wrong).',
      `Train ids that also occur in test are dropped (strict split); members, weights, thresholds and trees are chosen on train (${train.length} queries), figures are test (${test.length}).`,
      'best-of-n scores by agreement here: the record has no judge outputs. moa is not replayable (it needs proposer refinements and an aggregator answer the record does not have).',
      'consensus withholds answers below its threshold; withheld answers count as wrong (see "answered").',
    ],
  };
}

async function measure(
  strategy: ReplayStrategy,
  {
    train,
    test,
    tasks,
    records,
  }: {
    train: ReplayQuery[];
    test: ReplayQuery[];
    tasks: readonly string[];
    records: Map<string, ModelRecord>;
  },
): Promise<StrategyResult> {
  const testScore = await replayStrategy(strategy, test, records);
  const trainScore = await replayStrategy(strategy, train, records);
  const perTask: StrategyResult['perTask'] = {};
  for (const [task, score] of testScore.byTask)
    perTask[task] = { quality: score.right / score.queries, costPerQuery: score.costUsd / score.queries };
  return {
    name: strategy.name,
    members: [...new Set(tasks.flatMap((task) => strategy.members(task)))],
    quality: testScore.right / test.length,
    costPerQuery: testScore.costUsd / test.length,
    answered: testScore.answered / test.length,
    perTask,
    train: { quality: trainScore.right / train.length, costPerQuery: trainScore.costUsd / train.length },
  };
}
