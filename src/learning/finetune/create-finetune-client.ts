import type { LearningConfig } from '../../config/sections/learning.js';
import { ConclaveError } from '../../core/conclave-error.js';
import type { ResolvedProvider } from '../../providers/resolve-providers.js';
import type { FineTuneClient, HostedFineTuneProvider } from './finetune-client.js';
import { createFireworksFineTuneClient } from './fireworks-finetune-client.js';
import { createHttpClient } from './http-client.js';
import { createOpenAIFineTuneClient } from './openai-finetune-client.js';
import { createTogetherFineTuneClient } from './together-finetune-client.js';

const DEFAULT_BASE_URL: Record<HostedFineTuneProvider, string> = {
  together: 'https://api.together.xyz/v1',
  openai: 'https://api.openai.com/v1',
  // The control plane, not the inference endpoint (…/inference/v1) the provider preset points at.
  fireworks: 'https://api.fireworks.ai/v1',
};
const KEY_VARIABLE: Record<HostedFineTuneProvider, string> = {
  together: 'TOGETHER_API_KEY',
  openai: 'OPENAI_API_KEY',
  fireworks: 'FIREWORKS_API_KEY',
};

export interface FineTuneClientOptions {
  learning: LearningConfig;
  providers: Map<string, ResolvedProvider>;
  environment?: NodeJS.ProcessEnv;
  fetch?: typeof globalThis.fetch;
  /** Fireworks dataset processing poll interval (tests shorten it). */
  pollMs?: number;
}

/**
 * The fine-tuning client for a provider. Key: `learning.finetune.<provider>.apiKey`, else the provider's own
 * key (TOGETHER_API_KEY, OPENAI_API_KEY, FIREWORKS_API_KEY). Base URL: the learning setting, else the
 * provider's configured base URL (Together, OpenAI), else the public API.
 */
export function createFineTuneClient(
  provider: HostedFineTuneProvider,
  { learning, providers, environment = process.env, fetch, pollMs }: FineTuneClientOptions,
): FineTuneClient {
  const settings = learning.finetune[provider];
  const resolved = providers.get(provider);
  const apiKey = settings.apiKey || resolved?.apiKey;
  if (!apiKey) {
    throw new ConclaveError('auth', `No ${provider} API key for fine-tuning.`, {
      provider,
      hint: `Set ${KEY_VARIABLE[provider]}, or learning.finetune.${provider}.apiKey in conclave.yaml.`,
    });
  }
  const baseURL =
    settings.baseURL ??
    (provider === 'fireworks' ? undefined : resolved?.baseURL) ??
    DEFAULT_BASE_URL[provider];
  const http = createHttpClient({ provider, baseURL, apiKey, fetch });
  if (provider === 'openai') return createOpenAIFineTuneClient(http);
  if (provider === 'together') return createTogetherFineTuneClient(http);
  const accountId = learning.finetune.fireworks.accountId ?? environment.FIREWORKS_ACCOUNT_ID;
  if (!accountId) {
    throw new ConclaveError('config', 'No Fireworks account id for fine-tuning.', {
      hint: 'Set FIREWORKS_ACCOUNT_ID, or learning.finetune.fireworks.accountId in conclave.yaml.',
    });
  }
  return createFireworksFineTuneClient(http, { accountId, pollMs });
}
