import type { Objective } from '../../../core/chat-request.js';
import type { ModelStats, TaskTypeStats } from './aggregate-evidence.js';
import { paretoFront } from './pareto-front.js';

export interface RecommendationPolicy {
  objective: Objective;
  /** Models within this much of the best quality are near-best. */
  tolerance: number;
  minSamples: number;
}

export interface Recommendation {
  taskType: string;
  primary?: ModelStats;
  alternatives: ModelStats[];
  /** Models whose quality cannot be told apart from the best (within tolerance, or CI reaching it). */
  nearBest: ModelStats[];
  front: ModelStats[];
  /** Models left out of the choice, and why. */
  ineligible: { model: string; because: 'not-routable' | 'too-few-samples' }[];
}

const MAX_ALTERNATIVES = 3;

/**
 * Chooses among routable models with enough samples: the near-best group is everything whose quality is
 * within `tolerance` of the best or whose 95% CI reaches the best mean; the objective then picks inside
 * it (quality: highest; cost: cheapest; speed: fastest; balanced: the router's quality-per-dollar score).
 */
export function recommendModels(stats: TaskTypeStats, policy: RecommendationPolicy): Recommendation {
  const ineligible: Recommendation['ineligible'] = [];
  const eligible = stats.models.filter((model) => {
    if (!model.routable) ineligible.push({ model: model.model, because: 'not-routable' });
    else if (model.samples < policy.minSamples)
      ineligible.push({ model: model.model, because: 'too-few-samples' });
    else return true;
    return false;
  });
  const front = paretoFront(stats.models);
  const best = eligible[0];
  if (!best) return { taskType: stats.taskType, alternatives: [], nearBest: [], front, ineligible };
  const nearBest = eligible.filter(
    (model) => model.quality >= best.quality - policy.tolerance || model.ci[1] >= best.quality,
  );
  const ranked = [...nearBest].sort(
    (left, right) =>
      score(right, policy.objective) - score(left, policy.objective) || right.quality - left.quality,
  );
  const primary = ranked[0]!;
  const alternatives = [
    ...ranked.slice(1),
    ...front.filter((model) => eligible.includes(model) && !ranked.includes(model)),
    ...eligible.filter((model) => !ranked.includes(model)),
  ]
    .filter((model, index, all) => all.indexOf(model) === index)
    .slice(0, MAX_ALTERNATIVES);
  return { taskType: stats.taskType, primary, alternatives, nearBest, front, ineligible };
}

function score(model: ModelStats, objective: Objective): number {
  const cost = model.costUsd ?? Number.POSITIVE_INFINITY;
  switch (objective) {
    case 'quality':
      return model.quality;
    case 'cost':
      return -cost;
    case 'speed':
      return -(model.latencyMs ?? Number.POSITIVE_INFINITY);
    case 'balanced':
      // Same trade-off as the router's balanced objective: each 10× in cost is worth 0.07 quality.
      return model.costUsd === undefined
        ? model.quality - 1
        : model.quality - 0.07 * Math.log10(1 + cost / 1e-4);
  }
}
