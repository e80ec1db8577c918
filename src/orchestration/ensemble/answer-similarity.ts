import type { EnsembleConfig } from '../../config/sections/ensemble.js';
import { ConclaveError } from '../../core/conclave-error.js';
import {
  cosine,
  EMBEDDING_SAME_ANSWER,
  type EmbedTexts,
  LEXICAL_SAME_ANSWER,
  lexicalSimilarity,
  type Similarity,
} from './text-similarity.js';

export interface AnswerSimilarity {
  similarity: Similarity;
  sameAnswer: number;
  /** Embeds new answer texts before they are compared (no-op for lexical similarity). */
  prepare(texts: string[]): Promise<void>;
  /** What embedding calls cost so far. */
  costUsd(): number;
}

/**
 * How free-text answers are compared: lexical word n-grams by default, provider embeddings when configured.
 * Embeddings are fetched once per new answer text and cached for the run; a failed embedding call falls back
 * to lexical similarity for those texts rather than failing the run.
 */
export function createAnswerSimilarity(
  settings: EnsembleConfig['similarity'],
  embed: EmbedTexts | undefined,
): AnswerSimilarity {
  if (settings.method === 'lexical' || !embed) {
    if (settings.method === 'embedding')
      throw new ConclaveError(
        'config',
        'ensemble.similarity.method is "embedding" but no embedding model is available.',
        {
          hint: 'Set ensemble.similarity.embeddingModel to an available embedding model, or use method: lexical.',
        },
      );
    return {
      similarity: lexicalSimilarity,
      sameAnswer: settings.threshold ?? LEXICAL_SAME_ANSWER,
      prepare: async () => undefined,
      costUsd: () => 0,
    };
  }
  const vectors = new Map<string, number[]>();
  let spent = 0;
  return {
    sameAnswer: settings.threshold ?? EMBEDDING_SAME_ANSWER,
    similarity: (left, right) => {
      const leftVector = vectors.get(left);
      const rightVector = vectors.get(right);
      return leftVector && rightVector ? cosine(leftVector, rightVector) : lexicalSimilarity(left, right);
    },
    async prepare(texts) {
      const fresh = [...new Set(texts)].filter((text) => text.trim() !== '' && !vectors.has(text));
      if (fresh.length === 0) return;
      try {
        const { embeddings, costUsd } = await embed(fresh);
        spent += costUsd;
        fresh.forEach((text, index) => {
          const vector = embeddings[index];
          if (vector) vectors.set(text, vector);
        });
      } catch {
        // Lexical similarity stands in for texts without a vector.
      }
    },
    costUsd: () => spent,
  };
}
