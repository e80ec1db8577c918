import { describe, expect, it } from 'vitest';
import { strongShareCurve, twoModelMetrics } from '../../src/routing/learned/two-model-metrics.js';

// Four queries: only query "a" needs the strong model; "d" is one where only the weak model is right.
const queries = (scores: [number, number, number, number]) => [
  { score: scores[0], strongQuality: 1, weakQuality: 0 },
  { score: scores[1], strongQuality: 1, weakQuality: 1 },
  { score: scores[2], strongQuality: 1, weakQuality: 0 },
  { score: scores[3], strongQuality: 0, weakQuality: 1 },
];

describe('two-model metrics', () => {
  it('a constant score is the chord: APGR 0.5, CPT(x) = x', () => {
    const metrics = twoModelMetrics(queries([0, 0, 0, 0]));
    expect(metrics.apgr).toBeCloseTo(0.5, 12);
    expect(metrics.cpt50).toBeCloseTo(0.5, 12);
    expect(metrics.cpt80).toBeCloseTo(0.8, 12);
  });

  it('computes the curve, APGR and interpolated CPT for a ranking', () => {
    // Order a, c, b, d: quality 0.5 → 0.75 → 1 → 1 → 0.75; weak 0.5, strong 0.75, gap 0.25.
    const ranked = queries([4, 2, 3, 1]);
    expect(strongShareCurve(ranked).map((point) => point.quality)).toEqual([0.5, 0.75, 1, 1, 0.75]);
    const metrics = twoModelMetrics(ranked);
    // PGR: 0, 1, 2, 2, 1 at shares 0, .25, .5, .75, 1 → trapezoids: .125 + .375 + .5 + .375.
    expect(metrics.apgr).toBeCloseTo(1.375, 12);
    expect(metrics.cpt50).toBeCloseTo(0.125, 12);
    expect(metrics.cpt80).toBeCloseTo(0.2, 12);
  });

  it('a reversed ranking does worse than random', () => {
    // Order d, b, c, a: PGR 0, −1, −1, 0, 1; half the gap is only back at share 0.875.
    const metrics = twoModelMetrics(queries([1, 3, 2, 4]));
    expect(metrics.apgr).toBeCloseTo(-0.375, 12);
    expect(metrics.cpt50).toBeCloseTo(0.875, 12);
  });
});
