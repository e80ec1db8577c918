import type { CostQualityPoint } from '../learned/cost-quality-metrics.js';
import {
  chooseByWillingnessToPay,
  chooseWithinTolerance,
  willingnessToPayGrid,
} from '../learned/select-model.js';
import type { OutcomeRow } from './dataset-split.js';

/** What a router predicted for each test row: success per model and the cost it expects to pay. */
export interface RouterPredictions {
  success: number[][];
  expectedCost: number[][];
}

/** Realised average cost and quality when each row goes to the chosen model index. */
export function realisedPoint(rows: readonly OutcomeRow[], choices: readonly number[]): CostQualityPoint {
  let cost = 0;
  let quality = 0;
  rows.forEach((row, index) => {
    const choice = choices[index] as number;
    cost += row.cost[choice] as number;
    quality += row.quality[choice] as number;
  });
  return { cost: cost / rows.length, quality: quality / rows.length };
}

/** Operating points of the p − λ·cost rule over the λ grid (the router's trade-off sweep). */
export function sweepWillingnessToPay(
  rows: readonly OutcomeRow[],
  predictions: RouterPredictions,
): CostQualityPoint[] {
  const allCosts = predictions.expectedCost.flat();
  const typicalCost = allCosts.reduce((sum, value) => sum + value, 0) / Math.max(1, allCosts.length);
  return willingnessToPayGrid(typicalCost).map((lambda) => {
    const choices = rows.map((_, index) => {
      const success = predictions.success[index] as number[];
      const cost = predictions.expectedCost[index] as number[];
      // λ = ∞ means "cheapest", which the finite rule cannot express (∞·cost is ∞ for every model).
      return Number.isFinite(lambda) ? chooseByWillingnessToPay(success, cost, lambda) : cheapestIndex(cost);
    });
    return realisedPoint(rows, choices);
  });
}

/** Operating points of the "cheapest model within τ of the best prediction" rule, τ from 0 to 1. */
export function sweepTolerance(
  rows: readonly OutcomeRow[],
  predictions: RouterPredictions,
  steps = 100,
): CostQualityPoint[] {
  const points: CostQualityPoint[] = [];
  for (let step = 0; step <= steps; step += 1) {
    const tolerance = (step / steps) ** 2;
    const choices = rows.map((_, index) =>
      chooseWithinTolerance(
        predictions.success[index] as number[],
        predictions.expectedCost[index] as number[],
        tolerance,
      ),
    );
    points.push(realisedPoint(rows, choices));
  }
  return points;
}

function cheapestIndex(cost: readonly number[]): number {
  let best = 0;
  cost.forEach((value, index) => {
    if (value < (cost[best] as number)) best = index;
  });
  return best;
}
