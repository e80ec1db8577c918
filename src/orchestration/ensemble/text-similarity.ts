import { normalizeWords } from './extract-answer.js';

/** Similarity of two texts in 0..1. */
export type Similarity = (left: string, right: string) => number;

/** Turns texts into vectors (a provider embedding model); the ensemble compares them by cosine. */
export type EmbedTexts = (texts: string[]) => Promise<{ embeddings: number[][]; costUsd: number }>;

/** Free-text answers at least this similar are the same answer (lexical word n-gram cosine). */
export const LEXICAL_SAME_ANSWER = 0.5;
/** The same for embeddings, whose cosines sit much higher for unrelated texts. */
export const EMBEDDING_SAME_ANSWER = 0.85;

/**
 * Lexical similarity: cosine of word unigram + bigram counts. Cheap, needs no model, and good enough to tell
 * "the same answer in other words" from a different answer for short and medium texts.
 */
export const lexicalSimilarity: Similarity = (left, right) => {
  const leftVector = vectorOf(left);
  const rightVector = vectorOf(right);
  if (leftVector.counts.size === 0 || rightVector.counts.size === 0)
    return leftVector.counts.size === rightVector.counts.size ? 1 : 0;
  const [small, large] =
    leftVector.counts.size <= rightVector.counts.size ? [leftVector, rightVector] : [rightVector, leftVector];
  let dot = 0;
  for (const [gram, count] of small.counts) dot += count * (large.counts.get(gram) ?? 0);
  return dot / (leftVector.norm * rightVector.norm);
};

export function cosine(left: readonly number[], right: readonly number[]): number {
  let dot = 0;
  let leftNorm = 0;
  let rightNorm = 0;
  for (let index = 0; index < Math.min(left.length, right.length); index += 1) {
    dot += left[index]! * right[index]!;
    leftNorm += left[index]! ** 2;
    rightNorm += right[index]! ** 2;
  }
  return leftNorm === 0 || rightNorm === 0 ? 0 : dot / Math.sqrt(leftNorm * rightNorm);
}

/**
 * Embedding similarity for a fixed set of texts: one embedding call up front, then cosine lookups. Texts not in
 * the set fall back to lexical similarity.
 */
export async function embeddingSimilarity(
  texts: string[],
  embed: EmbedTexts,
): Promise<{ similarity: Similarity; costUsd: number }> {
  const unique = [...new Set(texts)];
  const { embeddings, costUsd } = await embed(unique);
  const vectors = new Map(unique.map((text, index) => [text, embeddings[index] ?? []]));
  return {
    costUsd,
    similarity: (left, right) => {
      const leftVector = vectors.get(left);
      const rightVector = vectors.get(right);
      return leftVector && rightVector ? cosine(leftVector, rightVector) : lexicalSimilarity(left, right);
    },
  };
}

// Answers are compared pairwise, many times per run: their n-gram counts are kept for a while.
const CACHE_LIMIT = 4_096;
const cache = new Map<string, { counts: Map<string, number>; norm: number }>();

function vectorOf(text: string): { counts: Map<string, number>; norm: number } {
  const cached = cache.get(text);
  if (cached) return cached;
  if (cache.size >= CACHE_LIMIT) cache.clear();
  const counts = nGramCounts(text);
  const vector = { counts, norm: norm(counts) };
  cache.set(text, vector);
  return vector;
}

function nGramCounts(text: string): Map<string, number> {
  const words = normalizeWords(text).split(' ').filter(Boolean);
  const counts = new Map<string, number>();
  const add = (gram: string) => counts.set(gram, (counts.get(gram) ?? 0) + 1);
  words.forEach((word, index) => {
    add(word);
    if (index > 0) add(`${words[index - 1]} ${word}`);
  });
  return counts;
}

function norm(vector: Map<string, number>): number {
  let sum = 0;
  for (const count of vector.values()) sum += count * count;
  return Math.sqrt(sum);
}
