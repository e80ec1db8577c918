import type { ModelStats } from './aggregate-evidence.js';

/**
 * Models no other model beats on both cost and quality: walking from cheapest to dearest, each front member
 * has strictly higher quality than everything cheaper. Models without cost data cannot be placed.
 */
export function paretoFront(models: readonly ModelStats[]): ModelStats[] {
  const priced = models
    .filter((model) => model.costUsd !== undefined)
    .sort((left, right) => left.costUsd! - right.costUsd! || right.quality - left.quality);
  const front: ModelStats[] = [];
  let bestQuality = Number.NEGATIVE_INFINITY;
  for (const model of priced) {
    if (model.quality > bestQuality) {
      front.push(model);
      bestQuality = model.quality;
    }
  }
  return front;
}
