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
  // Only documents sharing a term are touched, so reset and scan just those (not the whole set).
  const touched: number[] = [];
  for (let position = 0; position < query.indices.length; position += 1) {
    const list = postings.get(query.indices[position]!);
    if (!list) continue;
    const weight = query.values[position]!;
    for (let item = 0; item < list.documents.length; item += 1) {
      const document = list.documents[item]!;
      if (scores[document] === 0) touched.push(document);
      scores[document]! += weight * list.values[item]!;
    }
  }
  const best: [number, number][] = [];
  let floor = 0;
  for (const document of touched) {
    const score = scores[document]!;
    scores[document] = 0;
    if (score <= floor || document === exclude) continue;
    if (best.length < neighbours.k) {
      best.push([document, score]);
      if (best.length === neighbours.k) {
        best.sort((left, right) => right[1] - left[1]);
        floor = best[best.length - 1]![1];
      }
    } else {
      // Insert in order and drop the weakest; k is small, so a linear insert beats a heap here.
      let slot = best.length - 1;
      while (slot > 0 && best[slot - 1]![1] < score) {
        best[slot] = best[slot - 1]!;
        slot -= 1;
      }
      best[slot] = [document, score];
      floor = best[best.length - 1]![1];
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
  const influences = found.map(([, similarity]) => similarity ** neighbours.power);
  return prior.map((priorSuccess, model) => {
    let sum = neighbours.priorStrength * priorSuccess;
    let weight = neighbours.priorStrength;
    for (let position = 0; position < found.length; position += 1) {
      const outcome = neighbours.quality[found[position]![0]]?.[model];
      if (outcome === null || outcome === undefined) continue;
      sum += influences[position]! * outcome;
      weight += influences[position]!;
    }
    return weight > 0 ? sum / weight : priorSuccess;
  });
}
