import { isRight, key, type ModelRecord } from './fit-reliability.js';
import type { ReplayQuery } from './outcome-dataset.js';
import type { ReplayStrategy } from './replay-strategy.js';
import type { StrategyResult } from './run-ensemble-benchmark.js';

export interface BaselineInput {
  models: readonly string[];
  tasks: readonly string[];
  records: Map<string, ModelRecord>;
  bestSingle: string;
  free: boolean;
}

/**
 * The fixed configurations every run reports: each model alone, the best single model, and the combining
 * strategies over all models or the top-k models of each task (top by train accuracy).
 */
export function baselineStrategies({ models, records, bestSingle }: BaselineInput): ReplayStrategy[] {
  const top = (count: number) => (task: string) =>
    [...models]
      .sort(
        (left, right) =>
          (records.get(key(task, right))?.accuracy ?? 0) - (records.get(key(task, left))?.accuracy ?? 0),
      )
      .slice(0, count);
  const all = () => [...models];
  const single = (model: string, name = 'single'): ReplayStrategy => ({
    name,
    strategy: 'weighted',
    weights: 'learned',
    members: () => [model],
  });
  return [
    ...models.map((model) => single(model)),
    single(bestSingle, 'best-single'),
    {
      name: `weighted (uniform weights = majority vote, all ${models.length})`,
      strategy: 'weighted',
      weights: 'uniform',
      members: all,
    },
    {
      name: `weighted (learned weights, all ${models.length})`,
      strategy: 'weighted',
      weights: 'learned',
      members: all,
    },
    {
      name: 'weighted (learned weights, top 5 per task)',
      strategy: 'weighted',
      weights: 'learned',
      members: top(5),
    },
    {
      name: 'weighted (learned weights, top 3 per task)',
      strategy: 'weighted',
      weights: 'learned',
      members: top(3),
    },
    {
      name: 'best-of-n (agreement scorer, top 5 per task)',
      strategy: 'best-of-n',
      weights: 'learned',
      members: top(5),
    },
    {
      name: 'specialization (top 3 per task)',
      strategy: 'specialization',
      weights: 'learned',
      members: top(3),
    },
    {
      name: 'consensus (threshold 1, top 3 per task)',
      strategy: 'consensus',
      weights: 'learned',
      members: top(3),
      consensusThreshold: 1,
    },
    {
      name: 'consensus (threshold 0.67, top 3 per task)',
      strategy: 'consensus',
      weights: 'learned',
      members: top(3),
      consensusThreshold: 0.67,
    },
  ];
}

/** The oracle: the cheapest model that is right, per query (the cheapest model's cost when none is). */
export function oracleEntry(
  train: readonly ReplayQuery[],
  test: readonly ReplayQuery[],
  tasks: readonly string[],
  models: readonly string[],
): StrategyResult {
  const score = (queries: readonly ReplayQuery[]) => {
    let right = 0;
    let cost = 0;
    for (const query of queries) {
      const priced = models
        .map((model) => ({ model, cost: query.answers.get(model)?.costUsd ?? 0 }))
        .sort((left, right) => left.cost - right.cost);
      const winner = priced.find((entry) => isRight(query, entry.model));
      if (winner) right += 1;
      cost += (winner ?? priced[0])?.cost ?? 0;
    }
    return { quality: right / Math.max(1, queries.length), costPerQuery: cost / Math.max(1, queries.length) };
  };
  return {
    name: 'oracle',
    members: [...models],
    ...score(test),
    answered: 1,
    perTask: Object.fromEntries(
      tasks.map((task) => [task, score(test.filter((query) => query.task === task))]),
    ),
    train: score(train),
  };
}
