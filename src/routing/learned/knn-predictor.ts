import type { SparseVector } from './sparse-vector.js';

/** Stored neighbours: unit-length training vectors and their per-model outcomes (null = unknown). */
export interface NeighbourSet {
  vectors: SparseVector[];
  quality: (number | null)[][];
  /** Neighbours consulted per query. */
  k: number;
  /** Similarity is raised to this power so near-duplicates dominate distant matches. */
  power: number;
  /** Pseudo-count of the prior mixed into each model's neighbour average. */
  priorStrength: number;
}

interface PostingList {
  documents: number[];
  values: number[];
}

/** An inverted index over the neighbour vectors; built once per neighbour set and cached. */
export interface NeighbourIndex {
  postings: Map<number, PostingList>;
  scores: Float64Array;
}

const indexCache = new WeakMap<NeighbourSet, NeighbourIndex>();

/**
 * Terms found in more than this share of the neighbours are left out of the index: they add little
 * to cosine ranking (low idf) but dominate the work of scanning posting lists.
 */
const COMMON_TERM_SHARE = 0.1;

export function neighbourIndexFor(neighbours: NeighbourSet): NeighbourIndex {
  const cached = indexCache.get(neighbours);
  if (cached) return cached;
  const postings = new Map<number, PostingList>();
  neighbours.vectors.forEach((vector, document) => {
    vector.indices.forEach((feature, position) => {
      let list = postings.get(feature);
      if (!list) {
        list = { documents: [], values: [] };
        postings.set(feature, list);
      }
      list.documents.push(document);
      list.values.push(vector.values[position] as number);
    });
  });
  const limit = Math.max(20, COMMON_TERM_SHARE * neighbours.vectors.length);
  for (const [feature, list] of postings) {
    if (list.documents.length > limit) postings.delete(feature);
  }
  const index = { postings, scores: new Float64Array(neighbours.vectors.length) };
  indexCache.set(neighbours, index);
  return index;
}

/** The k most similar training examples as [document, cosine] pairs, best first. */
export function nearestNeighbours(
  neighbours: NeighbourSet,
  query: SparseVector,
  exclude = -1,
): [number, number][] {
  const { postings, scores } = neighbourIndexFor(neighbours);
  scores.fill(0);
  query.indices.forEach((feature, position) => {
    const list = postings.get(feature);
    if (!list) return;
    const weight = query.values[position] as number;
    for (let item = 0; item < list.documents.length; item += 1) {
      const document = list.documents[item] as number;
      scores[document] = (scores[document] as number) + weight * (list.values[item] as number);
    }
  });
  const best: [number, number][] = [];
  for (let document = 0; document < scores.length; document += 1) {
    const score = scores[document] as number;
    if (score <= 0 || document === exclude) continue;
    if (best.length < neighbours.k) {
      best.push([document, score]);
      if (best.length === neighbours.k) best.sort((left, right) => right[1] - left[1]);
    } else if (score > (best[best.length - 1] as [number, number])[1]) {
      best[best.length - 1] = [document, score];
      best.sort((left, right) => right[1] - left[1]);
    }
  }
  return best.sort((left, right) => right[1] - left[1]);
}

/** Similarity-weighted neighbour success rate per model, shrunk toward the prior. */
export function predictFromNeighbours(
  neighbours: NeighbourSet,
  query: SparseVector,
  prior: readonly number[],
  exclude = -1,
): number[] {
  return averageNeighbourOutcomes(neighbours, nearestNeighbours(neighbours, query, exclude), prior);
}

export function averageNeighbourOutcomes(
  neighbours: NeighbourSet,
  found: readonly [number, number][],
  prior: readonly number[],
): number[] {
  return prior.map((priorSuccess, model) => {
    let sum = neighbours.priorStrength * priorSuccess;
    let weight = neighbours.priorStrength;
    for (const [document, similarity] of found) {
      const outcome = neighbours.quality[document]?.[model];
      if (outcome === null || outcome === undefined) continue;
      const influence = similarity ** neighbours.power;
      sum += influence * outcome;
      weight += influence;
    }
    return weight > 0 ? sum / weight : priorSuccess;
  });
}
