import { createHash } from 'node:crypto';
import { type ArmStatistics, samplePosterior } from './arm-statistics.js';
import type { Experiment } from './experiment-store.js';
import type { Random } from './posterior.js';

/** A stable point in [0, 1) for a string: the same session always lands in the same place. */
export function hashUnit(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0) / 0x1_0000_0000;
}

/** Static weights: the arm whose share of [0, 1) contains `point`. */
export function weightedArm(experiment: Experiment, point: number): string {
  const total = experiment.arms.reduce((sum, arm) => sum + arm.weight, 0);
  let edge = 0;
  for (const arm of experiment.arms) {
    edge += arm.weight / total;
    if (point < edge) return arm.model;
  }
  return experiment.arms.at(-1)!.model;
}

/**
 * Thompson sampling: every arm is tried `minSamples` times first (least-tried first), then each new
 * session/request goes to the arm with the best draw from its posterior — traffic shifts to the better arm
 * as evidence accumulates, while a close race keeps exploring.
 */
export function thompsonArm(
  experiment: Experiment,
  stats: ArmStatistics[],
  { minSamples, random }: { minSamples: number; random: Random },
): string {
  const underSampled = stats.filter((arm) => arm.assigned < minSamples);
  if (underSampled.length > 0)
    return underSampled.reduce((least, arm) => (arm.assigned < least.assigned ? arm : least)).arm;
  let best = stats[0]!;
  let bestValue = -Infinity;
  for (const arm of stats) {
    const value = samplePosterior(arm, experiment.metric, random);
    if (value > bestValue) {
      bestValue = value;
      best = arm;
    }
  }
  return best.arm;
}
