import type { EmbeddingModelV4 } from '@ai-sdk/provider';
import { ConclaveError } from '../core/conclave-error.js';
import type { CreateLanguageModelOptions } from './create-language-model.js';
import { ollamaRoot } from './ollama-root.js';
import { providerPackage } from './provider-packages.js';

/** Embedding models through the same maintained provider packages as chat models. */
export function createEmbeddingModel({
  provider,
  providerModelId,
  fetch,
}: CreateLanguageModelOptions): EmbeddingModelV4 {
  const common = { baseURL: provider.baseURL, headers: provider.headers, fetch };
  switch (provider.kind) {
    case 'openai':
      return providerPackage('openai')
        .createOpenAI({ ...common, apiKey: provider.apiKey })
        .embedding(providerModelId);
    case 'google':
      return providerPackage('google')
        .createGoogleGenerativeAI({ ...common, apiKey: provider.apiKey })
        .embedding(providerModelId);
    case 'ollama':
      return providerPackage('openai-compatible')
        .createOpenAICompatible({
          ...common,
          baseURL: `${ollamaRoot(provider.baseURL)}/v1`,
          apiKey: provider.apiKey,
          name: provider.name,
        })
        .embeddingModel(providerModelId);
    case 'openai-compatible':
      return providerPackage('openai-compatible')
        .createOpenAICompatible({
          ...common,
          baseURL: provider.baseURL ?? '',
          name: provider.name,
          apiKey: provider.apiKey,
        })
        .embeddingModel(providerModelId);
    default:
      throw new ConclaveError('bad-request', `${provider.label} has no embedding models in Conclave.`, {
        retryable: false,
      });
  }
}
