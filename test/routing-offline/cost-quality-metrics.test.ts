import { describe, expect, it } from 'vitest';
import {
  averageImprovedQuality,
  costQualityHull,
  costToReachQuality,
  hullQualityAt,
} from '../../src/routing/learned/cost-quality-metrics.js';

describe('costQualityHull', () => {
  it('keeps the upper convex, non-decreasing frontier', () => {
    const hull = costQualityHull([
      { cost: 1, quality: 0.5 },
      { cost: 2, quality: 0.55 }, // under the chord from (1, .5) to (3, .9): dropped
      { cost: 3, quality: 0.9 },
      { cost: 4, quality: 0.8 }, // dearer and worse: dropped (non-decreasing)
      { cost: 3, quality: 0.7 }, // same cost, worse: dropped
    ]);
    expect(hull).toEqual([
      { cost: 1, quality: 0.5 },
      { cost: 3, quality: 0.9 },
    ]);
  });

  it('interpolates linearly, is 0 below the cheapest point and flat after the last', () => {
    const hull = costQualityHull([
      { cost: 1, quality: 0.5 },
      { cost: 3, quality: 0.9 },
    ]);
    expect(hullQualityAt(hull, 0.5)).toBe(0);
    expect(hullQualityAt(hull, 2)).toBeCloseTo(0.7, 12);
    expect(hullQualityAt(hull, 10)).toBe(0.9);
  });
});

describe('averageImprovedQuality', () => {
  it('integrates the hull and extends it flat to the largest cost', () => {
    // Hull (1, .5) → (3, .9), then flat at .9 to 5: area = 2·0.7 + 2·0.9 = 3.2 over a range of 4.
    const points = [
      { cost: 1, quality: 0.5 },
      { cost: 3, quality: 0.9 },
    ];
    expect(averageImprovedQuality(points, { minCost: 1, maxCost: 5 })).toBeCloseTo(0.8, 12);
  });

  it('earns nothing below the router cheapest point and clips at the range', () => {
    // Only one point at cost 2: 0 on [1, 2], 0.6 on [2, 5] → 1.8 / 4.
    expect(averageImprovedQuality([{ cost: 2, quality: 0.6 }], { minCost: 1, maxCost: 5 })).toBeCloseTo(
      0.45,
      12,
    );
    // Points beyond the range are cut off at its end.
    const points = [
      { cost: 0, quality: 0.4 },
      { cost: 4, quality: 0.8 },
    ];
    expect(averageImprovedQuality(points, { minCost: 1, maxCost: 2 })).toBeCloseTo(0.55, 12);
  });

  it('the hull of single models (zero router) beats any single point', () => {
    const singles = [
      { cost: 1, quality: 0.6 },
      { cost: 5, quality: 0.9 },
    ];
    expect(averageImprovedQuality(singles, { minCost: 1, maxCost: 5 })).toBeCloseTo(0.75, 12);
  });
});

describe('costToReachQuality', () => {
  const points = [
    { cost: 1, quality: 0.5 },
    { cost: 3, quality: 0.9 },
  ];
  it('interpolates the cheapest cost on the hull', () => {
    expect(costToReachQuality(points, 0.7)).toBeCloseTo(2, 12);
    expect(costToReachQuality(points, 0.4)).toBe(1);
    expect(costToReachQuality(points, 0.9)).toBeCloseTo(3, 12);
  });
  it('is null when the router never gets there', () => {
    expect(costToReachQuality(points, 0.95)).toBeNull();
  });
});
