/**
 * Selection rules: turn predicted success and expected cost per candidate into one choice.
 * Both return the index of the chosen candidate; ties go to the cheaper one.
 */

/** Maximise p − λ·cost: λ is the willingness to pay (quality points per USD); sweeping λ traces the cost–quality curve. */
export function chooseByWillingnessToPay(
  success: readonly number[],
  cost: readonly number[],
  lambda: number,
): number {
  let best = 0;
  let bestValue = Number.NEGATIVE_INFINITY;
  for (let index = 0; index < success.length; index += 1) {
    const value = (success[index] as number) - lambda * (cost[index] as number);
    if (value > bestValue || (value === bestValue && (cost[index] as number) < (cost[best] as number))) {
      best = index;
      bestValue = value;
    }
  }
  return best;
}

/** The cheapest candidate whose predicted success is within `tolerance` of the best prediction. */
export function chooseWithinTolerance(
  success: readonly number[],
  cost: readonly number[],
  tolerance: number,
): number {
  let top = Number.NEGATIVE_INFINITY;
  for (const value of success) top = Math.max(top, value);
  let best = -1;
  for (let index = 0; index < success.length; index += 1) {
    if ((success[index] as number) < top - tolerance) continue;
    if (best === -1 || (cost[index] as number) < (cost[best] as number)) best = index;
  }
  return best;
}

/** λ values spanning "price does not matter" to "only price matters", scaled to the typical cost. */
export function willingnessToPayGrid(typicalCost: number, steps = 160): number[] {
  const scale = typicalCost > 0 ? 1 / typicalCost : 1;
  const grid = [0];
  for (let step = 0; step <= steps; step += 1) grid.push(scale * 10 ** (-4 + (7 * step) / steps));
  grid.push(Number.POSITIVE_INFINITY);
  return grid;
}
