import type { LanguageModelV4 } from '@ai-sdk/provider';
import { ConclaveError } from '../core/conclave-error.js';
import { ollamaRoot } from './ollama-root.js';
import { providerPackage } from './provider-packages.js';
import type { ResolvedProvider } from './resolve-providers.js';

export type FetchFunction = typeof globalThis.fetch;

export interface CreateLanguageModelOptions {
  provider: ResolvedProvider;
  providerModelId: string;
  fetch?: FetchFunction;
}

/** Builds an AI SDK language model for one provider; wire formats stay in the maintained provider packages. */
export function createLanguageModel({
  provider,
  providerModelId,
  fetch,
}: CreateLanguageModelOptions): LanguageModelV4 {
  const common = { baseURL: provider.baseURL, headers: provider.headers, fetch };
  switch (provider.kind) {
    case 'openai':
      return providerPackage('openai')
        .createOpenAI({ ...common, apiKey: requireKey(provider) })
        .chat(providerModelId);
    case 'anthropic':
      return providerPackage('anthropic').createAnthropic({ ...common, apiKey: requireKey(provider) })(
        providerModelId,
      );
    case 'google':
      return providerPackage('google').createGoogleGenerativeAI({ ...common, apiKey: requireKey(provider) })(
        providerModelId,
      );
    case 'ollama':
      // Ollama's OpenAI-compatible endpoint: errors and cut streams surface (the native NDJSON provider
      // package drops malformed and error lines with only a console warning). Discovery still uses /api/*.
      return providerPackage('openai-compatible')
        .createOpenAICompatible({
          ...common,
          baseURL: `${ollamaRoot(provider.baseURL)}/v1`,
          name: provider.name,
          apiKey: provider.apiKey,
          includeUsage: true,
        })
        .chatModel(providerModelId);
    case 'openai-compatible':
      if (!provider.baseURL) {
        throw new ConclaveError('config', `Provider ${provider.name} has no baseURL.`, {
          hint: `Set providers.${provider.name}.baseURL in conclave.yaml.`,
        });
      }
      return providerPackage('openai-compatible')
        .createOpenAICompatible({
          ...common,
          baseURL: provider.baseURL,
          name: provider.name,
          apiKey: provider.apiKey,
          includeUsage: true,
        })
        .chatModel(providerModelId);
    case 'embedded':
      throw new ConclaveError(
        'internal',
        'Embedded models are created by the embedded engine, not by a provider.',
      );
  }
}

function requireKey(provider: ResolvedProvider): string {
  if (provider.apiKey) return provider.apiKey;
  throw new ConclaveError('auth', `No API key for ${provider.label}.`, {
    provider: provider.name,
    hint: `Set ${provider.apiKeyEnv ?? `providers.${provider.name}.apiKey`} to use it.`,
    retryable: false,
  });
}
