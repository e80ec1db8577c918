import { averageImprovedQuality, type CostQualityPoint } from './cost-quality-metrics.js';
import { chooseByWillingnessToPay, willingnessToPayGrid } from './select-model.js';
import { twoModelMetrics } from './two-model-metrics.js';

/** Realised outcomes of a set of queries, per model (null = unknown, scored as 0 / free). */
export interface ScoredQuery {
  quality: readonly (number | null)[];
  cost: readonly (number | null)[];
}

/**
 * How good the decisions made from `success` are, on queries whose outcomes are known: the
 * benchmark's own yardstick, so a predictor is kept only where it improves routing and not merely
 * log loss. Priced data: AIQ of the λ sweep; two unpriced models: APGR; otherwise: quality of the argmax.
 */
export function decisionScore(
  queries: readonly ScoredQuery[],
  success: readonly number[][],
  expectedCost: readonly number[][],
): number {
  const modelCount = queries[0]?.quality.length ?? 0;
  if (queries.length === 0 || modelCount === 0) return 0;
  const value = (cells: readonly (number | null)[], model: number) => cells[model] ?? 0;
  const hasCosts = queries.some((query) => query.cost.some((cost) => (cost ?? 0) > 0));
  if (hasCosts) {
    const averageCost = (model: number) =>
      queries.reduce((sum, query) => sum + value(query.cost, model), 0) / queries.length;
    const singles = [...Array(modelCount).keys()].map(averageCost);
    const typical = singles.reduce((sum, cost) => sum + cost, 0) / modelCount;
    const points: CostQualityPoint[] = willingnessToPayGrid(typical, 60).map((lambda) => {
      let quality = 0;
      let cost = 0;
      queries.forEach((query, index) => {
        const prices = expectedCost[index] as number[];
        const choice = Number.isFinite(lambda)
          ? chooseByWillingnessToPay(success[index] as number[], prices, lambda)
          : prices.indexOf(Math.min(...prices));
        quality += value(query.quality, choice);
        cost += value(query.cost, choice);
      });
      return { cost: cost / queries.length, quality: quality / queries.length };
    });
    return averageImprovedQuality(points, { minCost: Math.min(...singles), maxCost: Math.max(...singles) });
  }
  if (modelCount === 2) {
    const mean = (model: number) => queries.reduce((sum, query) => sum + value(query.quality, model), 0);
    const strong = mean(1) >= mean(0) ? 1 : 0;
    const weak = 1 - strong;
    return twoModelMetrics(
      queries.map((query, index) => ({
        score: (success[index]?.[strong] as number) - (success[index]?.[weak] as number),
        strongQuality: value(query.quality, strong),
        weakQuality: value(query.quality, weak),
      })),
    ).apgr;
  }
  let total = 0;
  queries.forEach((query, index) => {
    const row = success[index] as number[];
    total += value(query.quality, row.indexOf(Math.max(...row)));
  });
  return total / queries.length;
}
