/** Sampling and interval helpers for experiment arms; `random` is any uniform [0, 1) source (seedable in tests). */

export { type Random, sampleBeta, sampleGamma, sampleNormal } from '../../core/sampling.js';

export interface Interval {
  low: number;
  high: number;
}

/** 95% Wilson score interval for a proportion (well-behaved for small n and rates near 0 or 1). */
export function wilsonInterval(successes: number, trials: number, z = 1.96): Interval | undefined {
  if (trials === 0) return undefined;
  const rate = successes / trials;
  const denominator = 1 + (z * z) / trials;
  const centre = (rate + (z * z) / (2 * trials)) / denominator;
  const half = (z * Math.sqrt((rate * (1 - rate)) / trials + (z * z) / (4 * trials * trials))) / denominator;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** 95% normal-approximation interval for a mean from its sum and sum of squares. */
export function meanInterval(
  sum: number,
  sumOfSquares: number,
  count: number,
  z = 1.96,
): Interval | undefined {
  if (count < 2) return undefined;
  const mean = sum / count;
  const variance = Math.max(0, (sumOfSquares - count * mean * mean) / (count - 1));
  const half = z * Math.sqrt(variance / count);
  return { low: mean - half, high: mean + half };
}
