import type { ConclaveConfig, ProviderConfig } from '../config/config-schema.js';
import type { ModelLocation } from '../core/model-profile.js';
import { PROVIDER_PRESETS, type ProviderKind } from './provider-presets.js';

/** A provider after merging its preset, the config file and the environment. */
export interface ResolvedProvider {
  name: string;
  kind: ProviderKind;
  label: string;
  baseURL: string | undefined;
  apiKey: string | undefined;
  /** The environment variable the key came from (never the key itself in messages). */
  apiKeyEnv: string | undefined;
  headers: Record<string, string>;
  location: ModelLocation;
  /** Credentials present (cloud) or explicitly configured (local); local servers still need discovery. */
  configured: boolean;
  /** Why it cannot be used yet, and how to fix it. */
  setupHint: string;
  explicit: boolean;
  rpm?: number;
  tpm?: number;
  maxConcurrency?: number;
}

export function resolveProviders(
  config: ConclaveConfig,
  environment: NodeJS.ProcessEnv = process.env,
): Map<string, ResolvedProvider> {
  const resolved = new Map<string, ResolvedProvider>();
  const names = new Set([...Object.keys(PROVIDER_PRESETS), ...Object.keys(config.providers)]);
  for (const name of names) {
    resolved.set(name, resolveOne(name, config.providers[name], environment));
  }
  return resolved;
}

function resolveOne(
  name: string,
  settings: ProviderConfig | undefined,
  environment: NodeJS.ProcessEnv,
): ResolvedProvider {
  const preset = PROVIDER_PRESETS[name];
  const kind: ProviderKind = settings?.type ?? preset?.kind ?? 'openai-compatible';
  const location: ModelLocation = settings?.location ?? preset?.location ?? guessLocation(settings?.baseURL);
  const keyVariables = preset?.apiKeyEnv ?? [`${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_API_KEY`];
  const fromEnvironment = keyVariables.find((variable) => (environment[variable] ?? '') !== '');
  const apiKey = settings?.apiKey || (fromEnvironment ? environment[fromEnvironment] : undefined);
  const needsKey = (preset?.apiKeyEnv.length ?? 0) > 0 || (preset === undefined && location === 'external');
  const enabled = settings?.enabled ?? true;
  const configured = enabled && (needsKey ? Boolean(apiKey) : settings !== undefined || kind === 'embedded');
  return {
    name,
    kind,
    label: preset?.label ?? name,
    baseURL: settings?.baseURL ?? preset?.baseURL,
    apiKey: apiKey || undefined,
    apiKeyEnv: settings?.apiKey ? undefined : (fromEnvironment ?? keyVariables[0]),
    headers: settings?.headers ?? {},
    location,
    configured,
    setupHint: enabled
      ? (preset?.setupHint ?? `configure providers.${name} in conclave.yaml`)
      : `providers.${name} is disabled`,
    explicit: settings !== undefined,
    rpm: settings?.rpm,
    tpm: settings?.tpm,
    maxConcurrency: settings?.maxConcurrency,
  };
}

function guessLocation(baseURL: string | undefined): ModelLocation {
  if (!baseURL) return 'external';
  const host = new URL(baseURL).hostname;
  return host === 'localhost' || host === '127.0.0.1' || host === '::1' || host === '[::1]'
    ? 'local'
    : 'external';
}
