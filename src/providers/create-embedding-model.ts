import { createGoogleGenerativeAI } from '@ai-sdk/google';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { EmbeddingModelV4 } from '@ai-sdk/provider';
import { ConclaveError } from '../core/conclave-error.js';
import type { CreateLanguageModelOptions } from './create-language-model.js';
import { ollamaRoot } from './ollama-root.js';

/** Embedding models through the same maintained provider packages as chat models. */
export function createEmbeddingModel({
  provider,
  providerModelId,
  fetch,
}: CreateLanguageModelOptions): EmbeddingModelV4 {
  const common = { baseURL: provider.baseURL, headers: provider.headers, fetch };
  switch (provider.kind) {
    case 'openai':
      return createOpenAI({ ...common, apiKey: provider.apiKey }).embedding(providerModelId);
    case 'google':
      return createGoogleGenerativeAI({ ...common, apiKey: provider.apiKey }).embedding(providerModelId);
    case 'ollama':
      return createOpenAICompatible({
        ...common,
        baseURL: `${ollamaRoot(provider.baseURL)}/v1`,
        apiKey: provider.apiKey,
        name: provider.name,
      }).embeddingModel(providerModelId);
    case 'openai-compatible':
      return createOpenAICompatible({
        ...common,
        baseURL: provider.baseURL ?? '',
        name: provider.name,
        apiKey: provider.apiKey,
      }).embeddingModel(providerModelId);
    default:
      throw new ConclaveError('bad-request', `${provider.label} has no embedding models in Conclave.`, {
        retryable: false,
      });
  }
}
