import { dotSparse, normalizeSparse, type SparseVector, sparseFromMap } from './sparse-vector.js';

/** Keeps the heaviest terms of each centroid: enough to tell task formats apart, small on disk. */
const CENTROID_TERMS = 400;

export function fitTaskCentroids(
  vectors: readonly SparseVector[],
  taskTypes: readonly string[],
): Record<string, SparseVector> {
  const sums = new Map<string, Map<number, number>>();
  vectors.forEach((vector, index) => {
    const task = taskTypes[index] as string;
    let sum = sums.get(task);
    if (!sum) {
      sum = new Map();
      sums.set(task, sum);
    }
    vector.indices.forEach((feature, position) => {
      sum.set(feature, (sum.get(feature) ?? 0) + (vector.values[position] as number));
    });
  });
  const centroids: Record<string, SparseVector> = {};
  for (const [task, sum] of [...sums].sort((left, right) => left[0].localeCompare(right[0]))) {
    const heaviest = [...sum].sort((left, right) => right[1] - left[1]).slice(0, CENTROID_TERMS);
    centroids[task] = normalizeSparse(sparseFromMap(new Map(heaviest)));
  }
  return centroids;
}

/** The task type whose centroid is most similar to the prompt vector; undefined if none overlaps. */
export function inferTaskType(
  centroids: Record<string, SparseVector>,
  vector: SparseVector,
): string | undefined {
  let best: string | undefined;
  let bestScore = 0;
  for (const [task, centroid] of Object.entries(centroids)) {
    const score = dotSparse(centroid, vector);
    if (score > bestScore) {
      best = task;
      bestScore = score;
    }
  }
  return best;
}
