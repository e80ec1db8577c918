/**
 * Random draws for Thompson sampling and posterior summaries. `random` is any uniform [0, 1) source, so
 * replays and tests can pass a seeded stream.
 */
export type Random = () => number;

/** Standard normal via Box–Muller. */
export function sampleNormal(random: Random): number {
  const first = Math.max(random(), Number.EPSILON);
  const second = random();
  return Math.sqrt(-2 * Math.log(first)) * Math.cos(2 * Math.PI * second);
}

/** Gamma(shape, 1) by Marsaglia–Tsang; shape < 1 boosted with Gamma(a) = Gamma(a + 1) · U^(1/a). */
export function sampleGamma(shape: number, random: Random): number {
  if (shape < 1) return sampleGamma(shape + 1, random) * random() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let normal: number;
    let v: number;
    do {
      normal = sampleNormal(random);
      v = 1 + c * normal;
    } while (v <= 0);
    v = v * v * v;
    const uniform = random();
    if (uniform < 1 - 0.0331 * normal ** 4) return d * v;
    if (Math.log(Math.max(uniform, Number.EPSILON)) < 0.5 * normal * normal + d * (1 - v + Math.log(v)))
      return d * v;
  }
}

/** Beta(alpha, beta) as X/(X+Y) with X ~ Gamma(alpha), Y ~ Gamma(beta). */
export function sampleBeta(alpha: number, beta: number, random: Random): number {
  const x = sampleGamma(alpha, random);
  const y = sampleGamma(beta, random);
  return x + y > 0 ? x / (x + y) : 0.5;
}

/** A tiny deterministic PRNG (mulberry32): same seed, same stream, on every platform. */
export function createSeededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates shuffle of a copy, driven by the given random stream. */
export function shuffleWith<T>(items: readonly T[], random: Random): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [copy[index], copy[other]] = [copy[other] as T, copy[index] as T];
  }
  return copy;
}
