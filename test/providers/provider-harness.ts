import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4FunctionTool,
  LanguageModelV4StreamPart,
} from '@ai-sdk/provider';
import { configSchema } from '../../src/config/config-schema.js';
import type { ConclaveError } from '../../src/core/conclave-error.js';
import { createLanguageModel } from '../../src/providers/create-language-model.js';
import { mapProviderError } from '../../src/providers/map-provider-error.js';
import { type ResolvedProvider, resolveProviders } from '../../src/providers/resolve-providers.js';
import type { FakeUpstream } from '../fakes/fake-upstream.js';

/** The five provider paths Conclave drives through AI SDK provider packages. */
export type ProviderPath = 'openai' | 'anthropic' | 'google' | 'openai-compatible' | 'ollama';

/** Provider name in conclave.yaml for each path; Groq stands in for every OpenAI-compatible preset. */
export const PROVIDER_NAMES: Record<ProviderPath, string> = {
  openai: 'openai',
  anthropic: 'anthropic',
  google: 'google',
  'openai-compatible': 'groq',
  ollama: 'ollama',
};

/** A realistic model id per provider path. */
export const MODEL_IDS: Record<ProviderPath, string> = {
  openai: 'gpt-4o-mini',
  anthropic: 'claude-3-5-haiku-latest',
  google: 'gemini-2.0-flash',
  'openai-compatible': 'llama-3.1-8b-instant',
  ollama: 'llama3.2:3b',
};

/** Resolves the provider exactly as Conclave does, from a config whose base URL points at the fake. */
export function resolveFakeProvider(fake: FakeUpstream, path: ProviderPath): ResolvedProvider {
  const settings = {
    openai: { baseURL: fake.baseURLs.openai, apiKey: 'sk-fake-openai' },
    anthropic: { baseURL: fake.baseURLs.anthropic, apiKey: 'sk-ant-fake' },
    google: { baseURL: fake.baseURLs.google, apiKey: 'fake-gemini-key' },
    // Groq's real base URL has an /openai/v1 prefix; keep it to prove prefixed base URLs work.
    'openai-compatible': { baseURL: `${fake.url}/openai/v1`, apiKey: 'gsk_fake' },
    ollama: { baseURL: fake.baseURLs.ollama },
  }[path];
  return resolveConfiguredProvider(PROVIDER_NAMES[path], settings);
}

/** One provider as conclave.yaml `providers.<name>: settings` resolves it (no environment variables). */
export function resolveConfiguredProvider(name: string, settings: Record<string, unknown>): ResolvedProvider {
  const config = configSchema.parse({ providers: { [name]: settings } });
  const provider = resolveProviders(config, {}).get(name);
  if (!provider) throw new Error(`provider ${name} did not resolve`);
  return provider;
}

export function createFakeModel(
  fake: FakeUpstream,
  path: ProviderPath,
  providerModelId: string,
): LanguageModelV4 {
  return createLanguageModel({ provider: resolveFakeProvider(fake, path), providerModelId });
}

export function userPrompt(text: string): LanguageModelV4CallOptions {
  return { prompt: [{ role: 'user', content: [{ type: 'text', text }] }] };
}

export const weatherTool: LanguageModelV4FunctionTool = {
  type: 'function',
  name: 'get_weather',
  description: 'Current weather for a city.',
  inputSchema: {
    type: 'object',
    properties: { city: { type: 'string' } },
    required: ['city'],
    additionalProperties: false,
  },
};

/** System prompt, question, the model's tool call and the tool's answer: each provider encodes these differently. */
export function toolRoundTrip(): LanguageModelV4CallOptions {
  return {
    prompt: [
      { role: 'system', content: 'Answer in one sentence.' },
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'tool-call', toolCallId: 'call_1', toolName: 'get_weather', input: { city: 'Paris' } },
        ],
      },
      {
        role: 'tool',
        content: [
          {
            type: 'tool-result',
            toolCallId: 'call_1',
            toolName: 'get_weather',
            output: { type: 'json', value: { celsius: 21 } },
          },
        ],
      },
    ],
    tools: [weatherTool],
    maxOutputTokens: 200,
    temperature: 0.2,
  };
}

export interface CollectedStream {
  parts: LanguageModelV4StreamPart[];
  text: string;
  finish: Extract<LanguageModelV4StreamPart, { type: 'finish' }> | undefined;
  toolCalls: Extract<LanguageModelV4StreamPart, { type: 'tool-call' }>[];
  /** `error` parts the provider emitted inside the stream. */
  errorParts: unknown[];
  /** What doStream() or reading the stream threw. */
  thrown: unknown;
}

/** Runs doStream and drains it; failures are captured, never thrown, so tests can assert on them. */
export async function collectStream(
  model: LanguageModelV4,
  options: LanguageModelV4CallOptions,
): Promise<CollectedStream> {
  const parts: LanguageModelV4StreamPart[] = [];
  let thrown: unknown;
  try {
    const { stream } = await model.doStream(options);
    const reader = stream.getReader();
    for (let next = await reader.read(); !next.done; next = await reader.read()) parts.push(next.value);
  } catch (error) {
    thrown = error;
  }
  return {
    parts,
    text: parts.map((part) => (part.type === 'text-delta' ? part.delta : '')).join(''),
    finish: parts.find((part) => part.type === 'finish'),
    toolCalls: parts.filter((part) => part.type === 'tool-call'),
    errorParts: parts.filter((part) => part.type === 'error').map((part) => part.error),
    thrown,
  };
}

/** The first failure a consumer would see: a thrown error, else the first error part. */
export function firstFailure(collected: CollectedStream): unknown {
  return collected.thrown ?? collected.errorParts[0];
}

export async function generateFailure(
  model: LanguageModelV4,
  options: LanguageModelV4CallOptions,
): Promise<unknown> {
  try {
    await model.doGenerate(options);
  } catch (error) {
    return error;
  }
  throw new Error('doGenerate succeeded but a failure was expected');
}

export function mapFailure(error: unknown, path: ProviderPath, model: string): ConclaveError {
  return mapProviderError(error, { provider: PROVIDER_NAMES[path], model });
}

/** The fields of a ConclaveError tests compare, without the message text. */
export function classify(error: ConclaveError) {
  return {
    kind: error.kind,
    retryable: error.retryable,
    status: error.status,
    retryAfterMs: error.retryAfterMs,
  };
}
