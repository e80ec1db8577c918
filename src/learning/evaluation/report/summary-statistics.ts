const Z_95 = 1.959964;

/**
 * 95% Wilson score interval for a mean of values in 0..1. Exact for pass/fail grades; for partial scores
 * it is conservative, since a 0..1 variable with mean p has variance at most p(1 − p). Unlike the normal
 * approximation it stays inside 0..1 and is honest at small n and at 0% or 100%.
 */
export function wilsonInterval(mean: number, samples: number): [number, number] {
  if (samples <= 0) return [0, 1];
  const z2 = Z_95 * Z_95;
  const denominator = 1 + z2 / samples;
  const centre = (mean + z2 / (2 * samples)) / denominator;
  const margin =
    (Z_95 * Math.sqrt((mean * (1 - mean)) / samples + z2 / (4 * samples * samples))) / denominator;
  return [Math.max(0, centre - margin), Math.min(1, centre + margin)];
}

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function mean(values: readonly number[]): number | undefined {
  return values.length === 0 ? undefined : values.reduce((sum, value) => sum + value, 0) / values.length;
}
