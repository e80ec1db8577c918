/**
 * Draws from Beta(alpha, beta) as X/(X+Y) with X ~ Gamma(alpha), Y ~ Gamma(beta), using
 * Marsaglia–Tsang for the gammas; `random` is a seeded stream so replays are reproducible.
 */
export function sampleBeta(alpha: number, beta: number, random: () => number): number {
  const x = sampleGamma(alpha, random);
  const y = sampleGamma(beta, random);
  return x + y > 0 ? x / (x + y) : 0.5;
}

export function sampleGamma(shape: number, random: () => number): number {
  if (shape < 1) {
    // Boost: Gamma(a) = Gamma(a + 1) · U^(1/a).
    return sampleGamma(shape + 1, random) * random() ** (1 / shape);
  }
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
    if (Math.log(uniform) < 0.5 * normal * normal + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** Standard normal via Box–Muller. */
export function sampleNormal(random: () => number): number {
  const first = Math.max(random(), 1e-12);
  const second = random();
  return Math.sqrt(-2 * Math.log(first)) * Math.cos(2 * Math.PI * second);
}
