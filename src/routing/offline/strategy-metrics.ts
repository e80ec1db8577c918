import {
  averageImprovedQuality,
  type CostQualityPoint,
  costQualityHull,
  costToReachQuality,
} from '../learned/cost-quality-metrics.js';
import {
  type StrongShareCurvePoint,
  strongShareCurve,
  twoModelMetrics,
} from '../learned/two-model-metrics.js';
import type { OutcomeRow } from './dataset-split.js';
import { realisedPoint, sweepTolerance, sweepWillingnessToPay } from './router-sweep.js';

/** How a strategy routes: a fixed choice per row, a predictor to sweep, or the hull of single models. */
export type StrategyPlan =
  | { kind: 'fixed'; name: string; choices: number[]; scores?: number[] }
  | {
      kind: 'predictive';
      name: string;
      rule: 'willingness-to-pay' | 'tolerance';
      success: number[][];
      expectedCost: number[][];
    }
  | { kind: 'zero-router'; name: string };

export interface StrategyResult {
  name: string;
  /** Quality at the strategy's default operating point (see the report notes). */
  quality: number;
  costPerQuery: number | null;
  aiq: number | null;
  apgr: number | null;
  cpt50: number | null;
  cpt80: number | null;
  costToMatchBest: number | null;
  /** Two-model data: share of calls sent to the strong model at the operating point. */
  strongShare: number | null;
}

export interface EvaluationContext {
  rows: OutcomeRow[];
  /** Row indices (into the plans' per-row arrays) that `rows` corresponds to. */
  indices: number[];
  hasCosts: boolean;
  /** Index of the best single model chosen on train, and the strong/weak pair for two-model data. */
  bestModel: number;
  pair: { strong: number; weak: number } | null;
}

export interface EvaluatedStrategy {
  result: StrategyResult;
  /** Hull of the trade-off sweep (for the plot); empty for data without costs. */
  curve: CostQualityPoint[];
  /** Two-model data: quality against share of strong calls, at 1% steps (for the plot). */
  shareCurve: StrongShareCurvePoint[];
}

const average = (values: number[]) =>
  values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);

export function evaluateStrategy(plan: StrategyPlan, context: EvaluationContext): EvaluatedStrategy {
  const { rows, indices, hasCosts, bestModel, pair } = context;
  const modelCount = rows[0]?.quality.length ?? 0;
  const singles = [...Array(modelCount).keys()].map((model) => ({
    cost: average(rows.map((row) => row.cost[model] as number)),
    quality: average(rows.map((row) => row.quality[model] as number)),
  }));
  const range = {
    minCost: Math.min(...singles.map((point) => point.cost)),
    maxCost: Math.max(...singles.map((point) => point.cost)),
  };
  const target = (singles[bestModel] as CostQualityPoint).quality;
  let curve: CostQualityPoint[];
  let operating: CostQualityPoint;
  let scores: number[] | undefined;
  if (plan.kind === 'zero-router') {
    curve = singles;
    operating = singles[bestModel] as CostQualityPoint;
    if (pair) scores = rows.map(() => 0);
  } else if (plan.kind === 'fixed') {
    operating = realisedPoint(
      rows,
      indices.map((index) => plan.choices[index] as number),
    );
    curve = [operating];
    scores = plan.scores ? indices.map((index) => plan.scores?.[index] as number) : undefined;
  } else {
    const predictions = {
      success: indices.map((index) => plan.success[index] as number[]),
      expectedCost: indices.map((index) => plan.expectedCost[index] as number[]),
    };
    curve =
      plan.rule === 'tolerance'
        ? sweepTolerance(rows, predictions)
        : sweepWillingnessToPay(rows, predictions);
    // The λ = 0 / τ = 0 end of the sweep: the choice that ignores price.
    operating = curve[0] as CostQualityPoint;
    if (pair)
      scores = predictions.success.map(
        (success) => (success[pair.strong] as number) - (success[pair.weak] as number),
      );
  }
  const result: StrategyResult = {
    name: plan.name,
    quality: operating.quality,
    costPerQuery: hasCosts ? operating.cost : null,
    // A fixed strategy has no trade-off sweep, so the area under "its curve" would not mean anything.
    aiq: hasCosts && plan.kind !== 'fixed' ? averageImprovedQuality(curve, range) : null,
    apgr: null,
    cpt50: null,
    cpt80: null,
    costToMatchBest: hasCosts ? costToReachQuality(curve, target - 1e-12) : null,
    strongShare: null,
  };
  let shareCurve: StrongShareCurvePoint[] = [];
  if (pair) {
    const choices = plan.kind === 'fixed' ? indices.map((index) => plan.choices[index] as number) : undefined;
    result.strongShare = choices ? average(choices.map((choice) => (choice === pair.strong ? 1 : 0))) : null;
    if (scores) {
      const queries = rows.map((row, position) => ({
        score: scores[position] as number,
        strongQuality: row.quality[pair.strong] as number,
        weakQuality: row.quality[pair.weak] as number,
      }));
      Object.assign(result, twoModelMetrics(queries));
      const fullCurve = strongShareCurve(queries);
      shareCurve = [...Array(101).keys()].map((step) => ({
        strongShare: step / 100,
        quality: qualityAtShare(fullCurve, step / 100),
      }));
      if (!choices) {
        // Scored routers on two-model data report the point where half the calls go to the strong model.
        result.quality = qualityAtShare(fullCurve, 0.5);
        result.strongShare = 0.5;
        result.costPerQuery = hasCosts ? null : result.costPerQuery;
      }
    }
  }
  return { result, curve: hasCosts ? costQualityHull(curve) : [], shareCurve };
}

function qualityAtShare(curve: { strongShare: number; quality: number }[], share: number): number {
  if (share <= 0) return curve[0]?.quality ?? 0;
  for (let index = 1; index < curve.length; index += 1) {
    const right = curve[index] as { strongShare: number; quality: number };
    if (right.strongShare >= share) {
      const left = curve[index - 1] as { strongShare: number; quality: number };
      const fraction = (share - left.strongShare) / (right.strongShare - left.strongShare || 1);
      return left.quality + fraction * (right.quality - left.quality);
    }
  }
  return curve[curve.length - 1]?.quality ?? 0;
}
