import type { EnsembleConfig } from '../../config/sections/ensemble.js';
import type { OrchestrationContext } from '../orchestration-context.js';
import type { EmbedTexts } from './text-similarity.js';

/**
 * Provider embeddings for answer similarity, when configured and the context can embed (the engine's context
 * does once it exposes `embed`; library callers can always pass `embed` themselves).
 */
export function embedderOf(context: OrchestrationContext, settings: EnsembleConfig): EmbedTexts | undefined {
  if (settings.similarity.method !== 'embedding') return undefined;
  const runner = context.embed;
  if (typeof runner !== 'function') return undefined;
  // No embedding-capable model available (or the configured one is not): the caller reports a config error
  // before any member is asked.
  const wanted = settings.similarity.embeddingModel;
  const usable = context
    .profiles()
    .some(
      (profile) => profile.available && profile.supports.embeddings && (!wanted || profile.id === wanted),
    );
  if (!usable) return undefined;
  return async (texts) => {
    const result = await runner({ model: settings.similarity.embeddingModel, values: texts });
    return { embeddings: result.embeddings, costUsd: result.costUsd };
  };
}
