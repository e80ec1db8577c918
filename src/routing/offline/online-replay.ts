import { createSeededRandom, sampleBeta } from '../../core/sampling.js';
import { createContextualArms } from './contextual-arms.js';
import type { OutcomeRow } from './dataset-split.js';

export type OnlinePolicy = 'thompson-task' | 'thompson-contextual';

export interface OnlineReplayOptions {
  models: string[];
  /** Queries in the order the router meets them. */
  stream: OutcomeRow[];
  policy?: OnlinePolicy;
  /** Reward = quality − λ·cost (quality points per USD); default makes the dearest model cost 0.1 point. */
  willingnessToPay?: number;
  seed?: number;
  /** Prior success per model (e.g. catalog quality) and its weight in pseudo-observations; default uniform. */
  priorSuccess?: number[];
  priorStrength?: number;
  /** Number of points on the regret curve. */
  checkpoints?: number;
  /** Contextual policy: prior variance of the per-query residual logit (default 0.01). */
  residualVariance?: number;
}

export interface OnlineReplayReport {
  policy: OnlinePolicy;
  queries: number;
  seed: number;
  willingnessToPay: number;
  quality: number;
  /** Null when the stream carries no prices. */
  costPerQuery: number | null;
  /** Σ (best reward on the query − reward of the chosen model). */
  regretVsOracle: number;
  /** Σ (reward of the best fixed model in hindsight − reward of the chosen model); negative = beat it. */
  regretVsBestFixed: number;
  bestFixedModel: string;
  curve: { step: number; regretVsOracle: number; regretVsBestFixed: number }[];
}

/**
 * Replays a stream as a live router would meet it: before each query it picks one model, then sees
 * only that model's outcome and cost. Thompson sampling keeps a Beta posterior per (task type,
 * model); the contextual policy adds a per-query residual from an online Bayesian logistic model.
 */
export function replayOnline(options: OnlineReplayOptions): OnlineReplayReport {
  const {
    models,
    stream,
    policy = 'thompson-contextual',
    seed = 1,
    priorStrength = 2,
    checkpoints = 20,
  } = options;
  const modelCount = models.length;
  const meanCost = models.map(
    (_, model) => stream.reduce((sum, row) => sum + (row.cost[model] as number), 0) / stream.length,
  );
  const dearest = Math.max(...meanCost);
  const lambda = options.willingnessToPay ?? (dearest > 0 ? 0.1 / dearest : 0);
  const prior = options.priorSuccess ?? models.map(() => 0.5);
  const random = createSeededRandom(seed);
  const posteriors = new Map<string, { alpha: number[]; beta: number[] }>();
  const contextual =
    policy === 'thompson-contextual' ? createContextualArms(modelCount, options.residualVariance) : null;
  const reward = (row: OutcomeRow, model: number) =>
    (row.quality[model] as number) - lambda * (row.cost[model] as number);
  const fixedTotals = new Array<number>(modelCount).fill(0);
  let oracleTotal = 0;
  let chosenTotal = 0;
  let qualityTotal = 0;
  let costTotal = 0;
  const chosenRewards: number[] = [];
  stream.forEach((row) => {
    let posterior = posteriors.get(row.task);
    if (!posterior) {
      posterior = {
        alpha: prior.map((value) => 1 + priorStrength * value),
        beta: prior.map((value) => 1 + priorStrength * (1 - value)),
      };
      posteriors.set(row.task, posterior);
    }
    const state = posterior;
    const context = contextual?.prepare(row.prompt);
    let choice = 0;
    let bestValue = Number.NEGATIVE_INFINITY;
    for (let model = 0; model < modelCount; model += 1) {
      const base = sampleBeta(state.alpha[model] as number, state.beta[model] as number, random);
      const sampled = context ? (contextual?.sample(context, model, base, random) ?? base) : base;
      // Prices are public, so the expected cost is the model's price-list mean, not learned.
      const value = sampled - lambda * (meanCost[model] as number);
      if (value > bestValue) {
        bestValue = value;
        choice = model;
      }
    }
    const outcome = row.quality[choice] as number;
    if (context)
      contextual?.update(
        context,
        choice,
        state.alpha[choice] as number,
        state.beta[choice] as number,
        outcome,
      );
    state.alpha[choice] = (state.alpha[choice] as number) + outcome;
    state.beta[choice] = (state.beta[choice] as number) + 1 - outcome;
    const rewards = models.map((_, model) => reward(row, model));
    rewards.forEach((value, model) => {
      fixedTotals[model] = (fixedTotals[model] as number) + value;
    });
    oracleTotal += Math.max(...rewards);
    chosenTotal += rewards[choice] as number;
    qualityTotal += outcome;
    costTotal += row.cost[choice] as number;
    chosenRewards.push(chosenTotal);
  });
  const bestFixed = fixedTotals.indexOf(Math.max(...fixedTotals));
  return {
    policy,
    queries: stream.length,
    seed,
    willingnessToPay: lambda,
    quality: qualityTotal / stream.length,
    costPerQuery: dearest > 0 ? costTotal / stream.length : null,
    regretVsOracle: oracleTotal - chosenTotal,
    regretVsBestFixed: (fixedTotals[bestFixed] as number) - chosenTotal,
    bestFixedModel: models[bestFixed] as string,
    curve: regretCurve(stream, reward, bestFixed, chosenRewards, checkpoints),
  };
}

function regretCurve(
  stream: OutcomeRow[],
  reward: (row: OutcomeRow, model: number) => number,
  bestFixed: number,
  chosenRewards: number[],
  checkpoints: number,
) {
  const curve: OnlineReplayReport['curve'] = [];
  let oracle = 0;
  let fixed = 0;
  const every = Math.max(1, Math.floor(stream.length / checkpoints));
  stream.forEach((row, index) => {
    const rewards = row.quality.map((_, model) => reward(row, model));
    oracle += Math.max(...rewards);
    fixed += rewards[bestFixed] as number;
    if ((index + 1) % every === 0 || index === stream.length - 1) {
      const chosen = chosenRewards[index] as number;
      curve.push({ step: index + 1, regretVsOracle: oracle - chosen, regretVsBestFixed: fixed - chosen });
    }
  });
  return curve;
}
