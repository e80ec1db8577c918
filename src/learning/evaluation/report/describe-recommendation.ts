import type { ModelStats } from './aggregate-evidence.js';
import type { Recommendation } from './recommend-models.js';

export function formatCost(usd: number | undefined): string {
  if (usd === undefined) return 'cost unknown';
  if (usd === 0) return '$0 (free)';
  return usd < 0.0001 ? `$${usd.toExponential(1)}` : `$${usd.toFixed(usd < 0.01 ? 5 : 4)}`;
}

export function formatQuality(model: ModelStats): string {
  return `${model.quality.toFixed(2)} (95% CI ${model.ci[0].toFixed(2)}–${model.ci[1].toFixed(2)}, n=${model.samples})`;
}

/** One sentence with the evidence behind a recommendation, as written in the guide and the rules file. */
export function describeRecommendation(
  recommendation: Recommendation,
  baseline: ModelStats | undefined,
): string {
  const primary = recommendation.primary;
  if (!primary)
    return `No recommendation for ${recommendation.taskType}: no catalog model has enough graded answers.`;
  const parts = [`Use ${primary.model} for ${recommendation.taskType}: quality ${formatQuality(primary)}`];
  if (baseline && baseline.model !== primary.model && baseline.quality > 0) {
    parts.push(`${Math.round((primary.quality / baseline.quality) * 100)}% of ${baseline.model}'s quality`);
    if (primary.costUsd !== undefined && baseline.costUsd !== undefined)
      parts.push(costComparison(primary.costUsd, baseline.costUsd, baseline.model));
    if (primary.latencyMs !== undefined && baseline.latencyMs !== undefined && primary.latencyMs > 0) {
      const speedup = baseline.latencyMs / primary.latencyMs;
      parts.push(speedup >= 1 ? `${speedup.toFixed(1)}× as fast` : `${(1 / speedup).toFixed(1)}× slower`);
    }
  } else {
    parts.push(formatCost(primary.costUsd));
  }
  return `${parts.join(', ')}.`;
}

function costComparison(cost: number, baselineCost: number, baseline: string): string {
  if (cost === baselineCost) return `same cost as ${baseline}`;
  if (cost === 0) return `free vs ${formatCost(baselineCost)} for ${baseline}`;
  // toPrecision drops float noise (0.005 / 0.0005 = 9.999999999999998).
  const ratio = Number((baselineCost / cost).toPrecision(6));
  return ratio >= 1
    ? `${ratio.toFixed(ratio >= 10 ? 0 : 1)}× cheaper than ${baseline}`
    : `${(1 / ratio).toFixed(1)}× the cost of ${baseline}`;
}
