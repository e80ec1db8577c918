/** Sampling and interval helpers for experiment arms; `random` is any uniform [0, 1) source (seedable in tests). */

export type Random = () => number;

/** Standard normal (Box–Muller). */
export function sampleNormal(random: Random): number {
  const u = Math.max(random(), Number.EPSILON);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** Gamma(shape, 1) by Marsaglia–Tsang; shape < 1 boosted with the usual power trick. */
export function sampleGamma(shape: number, random: Random): number {
  if (shape < 1) return sampleGamma(shape + 1, random) * random() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = sampleNormal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = random();
    if (
      u < 1 - 0.0331 * x ** 4 ||
      Math.log(Math.max(u, Number.EPSILON)) < 0.5 * x * x + d * (1 - v + Math.log(v))
    )
      return d * v;
  }
}

export function sampleBeta(alpha: number, beta: number, random: Random): number {
  const x = sampleGamma(alpha, random);
  const y = sampleGamma(beta, random);
  return x / (x + y);
}

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
