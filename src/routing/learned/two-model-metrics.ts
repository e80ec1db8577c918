/** One query of two-model (strong vs weak) data, with the router's score for sending it to strong. */
export interface TwoModelQuery {
  /** Higher means "more worth sending to the strong model". */
  score: number;
  strongQuality: number;
  weakQuality: number;
}

export interface StrongShareCurvePoint {
  /** Share of queries sent to the strong model, 0..1. */
  strongShare: number;
  /** Average quality at that share. */
  quality: number;
}

/**
 * Quality as a function of the share of calls sent to the strong model when the router sends its
 * top-scored queries first. Tied scores form one block; within it the curve is linear, which is the
 * expected value of breaking ties at random (so a constant-score router is exactly the chord).
 */
export function strongShareCurve(queries: readonly TwoModelQuery[]): StrongShareCurvePoint[] {
  const count = queries.length;
  if (count === 0) return [];
  const sorted = [...queries].sort((left, right) => right.score - left.score);
  let quality = sorted.reduce((sum, query) => sum + query.weakQuality, 0);
  const points: StrongShareCurvePoint[] = [{ strongShare: 0, quality: quality / count }];
  let index = 0;
  while (index < count) {
    const blockScore = (sorted[index] as TwoModelQuery).score;
    while (index < count && (sorted[index] as TwoModelQuery).score === blockScore) {
      const query = sorted[index] as TwoModelQuery;
      quality += query.strongQuality - query.weakQuality;
      index += 1;
    }
    points.push({ strongShare: index / count, quality: quality / count });
  }
  return points;
}

export interface TwoModelMetrics {
  /** Average performance gap recovered: area under PGR(share), weak = 0, strong = 1. */
  apgr: number;
  /** Share of strong calls needed to recover 50% / 80% of the gap; null if never recovered. */
  cpt50: number | null;
  cpt80: number | null;
}

export function twoModelMetrics(queries: readonly TwoModelQuery[]): TwoModelMetrics {
  const curve = strongShareCurve(queries);
  const first = curve[0];
  const last = curve[curve.length - 1];
  if (!first || !last || last.quality === first.quality) return { apgr: 0, cpt50: null, cpt80: null };
  const weak = first.quality;
  const gap = last.quality - weak;
  const recovered = curve.map((point) => ({ share: point.strongShare, pgr: (point.quality - weak) / gap }));
  let apgr = 0;
  for (let index = 1; index < recovered.length; index += 1) {
    const left = recovered[index - 1] as { share: number; pgr: number };
    const right = recovered[index] as { share: number; pgr: number };
    apgr += ((left.pgr + right.pgr) / 2) * (right.share - left.share);
  }
  return { apgr, cpt50: shareToRecover(recovered, 0.5), cpt80: shareToRecover(recovered, 0.8) };
}

function shareToRecover(recovered: { share: number; pgr: number }[], target: number): number | null {
  for (let index = 1; index < recovered.length; index += 1) {
    const left = recovered[index - 1] as { share: number; pgr: number };
    const right = recovered[index] as { share: number; pgr: number };
    if (right.pgr >= target) {
      if (left.pgr >= target) return left.share;
      return left.share + ((right.share - left.share) * (target - left.pgr)) / (right.pgr - left.pgr);
    }
  }
  return null;
}
