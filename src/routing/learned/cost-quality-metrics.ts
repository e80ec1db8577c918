/** One operating point of a router: average USD per query and average quality (0..1). */
export interface CostQualityPoint {
  cost: number;
  quality: number;
}

/**
 * The non-decreasing upper convex hull: any two operating points can be mixed at random, so the
 * hull is what a router can actually deliver, and paying more never has to lower quality.
 */
export function costQualityHull(points: readonly CostQualityPoint[]): CostQualityPoint[] {
  const sorted = [...points].sort((left, right) => left.cost - right.cost || right.quality - left.quality);
  const upper: CostQualityPoint[] = [];
  for (const point of sorted) {
    if (upper.length > 0 && upper[upper.length - 1]?.cost === point.cost) continue;
    while (upper.length >= 2) {
      const before = upper[upper.length - 2] as CostQualityPoint;
      const last = upper[upper.length - 1] as CostQualityPoint;
      const cross =
        (last.cost - before.cost) * (point.quality - before.quality) -
        (last.quality - before.quality) * (point.cost - before.cost);
      if (cross >= 0) upper.pop();
      else break;
    }
    upper.push(point);
  }
  const rising: CostQualityPoint[] = [];
  for (const point of upper) {
    if (rising.length === 0 || point.quality > (rising[rising.length - 1] as CostQualityPoint).quality) {
      rising.push(point);
    }
  }
  return rising;
}

/** Quality the hull delivers at a budget: 0 below its cheapest point, flat after its last one. */
export function hullQualityAt(hull: readonly CostQualityPoint[], cost: number): number {
  const first = hull[0];
  if (!first || cost < first.cost) return 0;
  for (let index = 1; index < hull.length; index += 1) {
    const right = hull[index] as CostQualityPoint;
    if (cost <= right.cost) {
      const left = hull[index - 1] as CostQualityPoint;
      return left.quality + ((right.quality - left.quality) * (cost - left.cost)) / (right.cost - left.cost);
    }
  }
  return (hull[hull.length - 1] as CostQualityPoint).quality;
}

export interface CostRange {
  minCost: number;
  maxCost: number;
}

/**
 * AIQ (RouterBench): area under the hull over a shared cost range (cheapest to dearest single
 * model), divided by that range. The hull is extended flat to the range's end; a router that cannot
 * operate as cheaply as the range start earns nothing there.
 */
export function averageImprovedQuality(points: readonly CostQualityPoint[], range: CostRange): number {
  const { minCost, maxCost } = range;
  const hull = costQualityHull(points);
  const last = hull[hull.length - 1];
  if (!last) return 0;
  if (!(maxCost > minCost)) return hullQualityAt(hull, maxCost);
  const extended = last.cost < maxCost ? [...hull, { cost: maxCost, quality: last.quality }] : hull;
  let area = 0;
  // The hull is piecewise linear: integrate each segment exactly, clipped to the range.
  for (let index = 1; index < extended.length; index += 1) {
    const left = extended[index - 1] as CostQualityPoint;
    const right = extended[index] as CostQualityPoint;
    const from = Math.max(left.cost, minCost);
    const to = Math.min(right.cost, maxCost);
    if (!(to > from)) continue;
    const slope = (right.quality - left.quality) / (right.cost - left.cost);
    const fromQuality = left.quality + slope * (from - left.cost);
    const toQuality = left.quality + slope * (to - left.cost);
    area += ((fromQuality + toQuality) / 2) * (to - from);
  }
  return area / (maxCost - minCost);
}

/** Cheapest cost at which the hull reaches `targetQuality`; null when it never does. */
export function costToReachQuality(
  points: readonly CostQualityPoint[],
  targetQuality: number,
): number | null {
  const hull = costQualityHull(points);
  const first = hull[0];
  if (!first) return null;
  if (first.quality >= targetQuality) return first.cost;
  for (let index = 1; index < hull.length; index += 1) {
    const right = hull[index] as CostQualityPoint;
    if (right.quality >= targetQuality) {
      const left = hull[index - 1] as CostQualityPoint;
      return (
        left.cost +
        ((right.cost - left.cost) * (targetQuality - left.quality)) / (right.quality - left.quality)
      );
    }
  }
  return null;
}
