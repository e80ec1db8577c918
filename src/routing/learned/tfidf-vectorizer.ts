import { type SparseVector, sparseFromMap } from './sparse-vector.js';
import { extractTermCounts, type FeatureOptions, type TermCounts } from './text-features.js';

/** Inverse document frequencies of the terms seen in training, one sparse table per block. */
export interface InverseDocumentFrequency {
  words: SparseVector;
  characters: SparseVector;
  whole: SparseVector;
}

const BLOCKS = ['words', 'characters', 'whole'] as const;
const MIN_DOCUMENT_FREQUENCY = 2;

export function fitInverseDocumentFrequency(documents: readonly TermCounts[]): InverseDocumentFrequency {
  const count = documents.length;
  const tables = BLOCKS.map((block) => {
    const frequency = new Map<number, number>();
    for (const document of documents) {
      for (const term of document[block].keys()) frequency.set(term, (frequency.get(term) ?? 0) + 1);
    }
    const idf = new Map<number, number>();
    // Smoothed idf; a term in every document gets weight ~0 so shared boilerplate drops out.
    for (const [term, seen] of frequency) {
      // A term seen in one prompt only cannot generalise; dropping those halves the model size.
      if (seen < MIN_DOCUMENT_FREQUENCY && count >= MIN_DOCUMENT_FREQUENCY * 10) continue;
      const value = Math.log((count + 1) / (seen + 1));
      if (value > 1e-6) idf.set(term, Math.round(value * 1e4) / 1e4);
    }
    return sparseFromMap(idf);
  });
  return {
    words: tables[0] as SparseVector,
    characters: tables[1] as SparseVector,
    whole: tables[2] as SparseVector,
  };
}

/** Lookup tables built once per fitted idf (prediction calls this for every prompt). */
export interface IdfLookup {
  words: Map<number, number>;
  characters: Map<number, number>;
  whole: Map<number, number>;
}

export function createIdfLookup(idf: InverseDocumentFrequency): IdfLookup {
  const toMap = (table: SparseVector) =>
    new Map(table.indices.map((index, position) => [index, table.values[position] as number]));
  return { words: toMap(idf.words), characters: toMap(idf.characters), whole: toMap(idf.whole) };
}

/**
 * Sublinear tf × idf per block, each block scaled to its share of unit length, so the final vector
 * has norm 1 and cosine similarity is a dot product. Blocks live in disjoint index ranges.
 */
export function vectorizeTerms(
  terms: TermCounts,
  lookup: IdfLookup,
  options: FeatureOptions,
  wordsOnly = false,
): SparseVector {
  const span = 2 ** options.bits;
  const hasCharacters = options.charNgramMin > 0 && !wordsOnly;
  const shares = {
    words: hasCharacters ? 0.5 : 1,
    characters: hasCharacters ? 0.5 : 0,
    whole: wordsOnly ? 0 : options.wholePromptWeight,
  };
  const indices: number[] = [];
  const values: number[] = [];
  BLOCKS.forEach((block, blockNumber) => {
    const share = shares[block];
    if (share <= 0) return;
    const weighted: [number, number][] = [];
    let squared = 0;
    for (const [term, count] of terms[block]) {
      const idf = lookup[block].get(term);
      if (idf === undefined) continue;
      const value = (1 + Math.log(count)) * idf;
      weighted.push([term, value]);
      squared += value * value;
    }
    if (squared === 0) return;
    const scale = Math.sqrt(share / squared);
    weighted.sort((left, right) => left[0] - right[0]);
    for (const [term, value] of weighted) {
      indices.push(blockNumber * span + term);
      values.push(value * scale);
    }
  });
  // Renormalise: a missing block (e.g. no known words) must not shrink the vector.
  let squared = 0;
  for (const value of values) squared += value * value;
  const scale = squared > 0 ? 1 / Math.sqrt(squared) : 0;
  return { indices, values: values.map((value) => value * scale) };
}

export function vectorizePrompt(prompt: string, lookup: IdfLookup, options: FeatureOptions): SparseVector {
  return vectorizeTerms(extractTermCounts(prompt, options), lookup, options);
}
