/** A sparse feature vector: parallel arrays of hashed feature indices and their weights. */
export interface SparseVector {
  indices: number[];
  values: number[];
}

export function sparseFromMap(weights: ReadonlyMap<number, number>): SparseVector {
  const indices = [...weights.keys()].sort((left, right) => left - right);
  return { indices, values: indices.map((index) => weights.get(index) ?? 0) };
}

/** Scales a vector to unit length so cosine similarity is a plain dot product. */
export function normalizeSparse(vector: SparseVector): SparseVector {
  let squared = 0;
  for (const value of vector.values) squared += value * value;
  if (squared === 0) return vector;
  const scale = 1 / Math.sqrt(squared);
  return { indices: vector.indices, values: vector.values.map((value) => value * scale) };
}

/** Dot product of two index-sorted sparse vectors (merge walk). */
export function dotSparse(left: SparseVector, right: SparseVector): number {
  let sum = 0;
  let leftIndex = 0;
  let rightIndex = 0;
  while (leftIndex < left.indices.length && rightIndex < right.indices.length) {
    const leftFeature = left.indices[leftIndex] as number;
    const rightFeature = right.indices[rightIndex] as number;
    if (leftFeature === rightFeature) {
      sum += (left.values[leftIndex] as number) * (right.values[rightIndex] as number);
      leftIndex += 1;
      rightIndex += 1;
    } else if (leftFeature < rightFeature) leftIndex += 1;
    else rightIndex += 1;
  }
  return sum;
}
