import type { ConclaveConfig, ModelConfig } from '../config/config-schema.js';
import { parseByteSize } from '../config/parse-byte-size.js';
import { ConclaveError } from '../core/conclave-error.js';
import type { LatencyClass, ModelProfile, ModelSupports } from '../core/model-profile.js';
import type { ResolvedProvider } from '../providers/resolve-providers.js';
import { BUILTIN_CATALOG, DEMO_MODEL_ID } from './builtin-catalog.js';
import type { CatalogEntry, CatalogHost } from './catalog-entry.js';
import { fromDiscoveredModel } from './discovered-profile.js';
import type { DiscoverySnapshot } from './discovery-snapshot.js';

const TTFT_BY_LATENCY: Record<LatencyClass, number> = {
  instant: 80,
  fast: 300,
  standard: 1_000,
  deliberate: 3_000,
};
const SPEED_BY_LATENCY: Record<LatencyClass, number> = {
  instant: 200,
  fast: 120,
  standard: 60,
  deliberate: 30,
};
const DEFAULT_SUPPORTS: ModelSupports = {
  streaming: true,
  tools: false,
  vision: false,
  json: false,
  embeddings: false,
  prefill: false,
};

interface HostChoice {
  host: CatalogHost;
  provider: ResolvedProvider;
  available: boolean;
  reason?: string;
}

/** Built-in catalog + config overrides + discovered models → the profiles the router chooses from. */
export function resolveCatalog(
  config: ConclaveConfig,
  providers: Map<string, ResolvedProvider>,
  discovery: DiscoverySnapshot,
): ModelProfile[] {
  const overrides = new Map(config.models.map((model) => [model.id, model]));
  const profiles: ModelProfile[] = [];
  for (const entry of BUILTIN_CATALOG) {
    if (entry.id === DEMO_MODEL_ID && !config.local.demoModel) continue;
    const override = overrides.get(entry.id);
    overrides.delete(entry.id);
    if (override?.enabled === false) continue;
    profiles.push(applyOverride(profileFromEntry(entry, override, providers, discovery), override));
  }
  for (const [index, custom] of config.models.entries()) {
    if (!overrides.has(custom.id) || custom.enabled === false) continue;
    profiles.push(customProfile(custom, index, providers, discovery));
  }
  const known = new Set(
    profiles.flatMap((profile) => [profile.id, `${profile.provider}:${profile.providerModelId}`]),
  );
  for (const model of discovery.ollama?.models ?? []) {
    if (!known.has(`ollama:${model.name}`)) profiles.push(fromDiscoveredModel('ollama', model.name, 'local'));
  }
  for (const [name, server] of Object.entries(discovery.openaiServers)) {
    const location = providers.get(name)?.location ?? 'local';
    for (const id of server.modelIds)
      if (!known.has(`${name}:${id}`)) profiles.push(fromDiscoveredModel(name, id, location));
  }
  // A configured GGUF names its file relative to the models directory (with or without .gguf) or absolutely.
  const configuredFiles = new Set(
    profiles
      .filter((profile) => profile.provider === 'embedded')
      .flatMap((profile) => {
        const relative = profile.providerModelId.replace(/^\.\//, '').replace(/\.gguf$/i, '');
        return [profile.providerModelId, relative];
      }),
  );
  for (const file of discovery.embedded.files) {
    const configured = configuredFiles.has(file.path) || configuredFiles.has(file.id);
    if (!configured && !known.has(`embedded:${file.path}`) && file.id !== DEMO_MODEL_ID) {
      profiles.push({
        ...fromDiscoveredModel('embedded', file.path, 'local', file.id),
        memoryBytes: file.sizeBytes,
      });
    }
  }
  return profiles;
}

function profileFromEntry(
  entry: CatalogEntry,
  override: ModelConfig | undefined,
  providers: Map<string, ResolvedProvider>,
  discovery: DiscoverySnapshot,
): ModelProfile {
  const hosts = override?.provider
    ? [{ provider: override.provider, model: override.providerModelId ?? entry.hosts[0]?.model ?? entry.id }]
    : entry.hosts;
  const choices = hosts.map((host) => chooseHost(host, providers, discovery));
  // Local-first: an available local host wins over any cloud host.
  const chosen =
    choices.find((choice) => choice.available && choice.provider.location === 'local') ??
    choices.find((choice) => choice.available) ??
    choices.find((choice) => choice.provider.location === 'external') ??
    choices[0];
  if (!chosen) throw new ConclaveError('internal', `Catalog entry ${entry.id} has no hosts.`);
  const local = chosen.provider.location === 'local';
  return {
    id: entry.id,
    name: entry.name,
    family: entry.family,
    provider: chosen.provider.name,
    providerModelId: chosen.host.model,
    location: chosen.provider.location,
    license: entry.license,
    contextWindow: entry.contextWindow,
    maxOutputTokens: entry.maxOutputTokens,
    price: local ? { inputPerMTok: 0, outputPerMTok: 0 } : (chosen.host.price ?? entry.price),
    latency: {
      class: entry.latency,
      ttftMs: TTFT_BY_LATENCY[entry.latency],
      tokensPerSec: SPEED_BY_LATENCY[entry.latency],
    },
    strengths: entry.strengths,
    weaknesses: entry.weaknesses,
    quality: entry.quality,
    supports: { ...DEFAULT_SUPPORTS, ...entry.supports },
    specialist: entry.specialist,
    memoryBytes: entry.parametersB ? Math.round(entry.parametersB * 0.6e9) : undefined,
    available: chosen.available,
    unavailableReason: chosen.available ? undefined : unavailableReason(choices),
    source: entry.source,
    aliases: entry.aliases,
  };
}

function chooseHost(
  host: CatalogHost,
  providers: Map<string, ResolvedProvider>,
  discovery: DiscoverySnapshot,
  declaredByUser = false,
): HostChoice {
  const provider = providers.get(host.provider);
  if (!provider) {
    throw new ConclaveError('config', `Unknown provider "${host.provider}".`, {
      hint: `Known providers: ${[...providers.keys()].join(', ')}.`,
    });
  }
  if (provider.kind === 'ollama') {
    if (!discovery.ollama?.reachable)
      return { host, provider, available: false, reason: `ollama pull ${host.model}` };
    const installed = discovery.ollama.models.some(
      (model) => model.name === host.model || model.name === `${host.model}:latest`,
    );
    return installed
      ? { host, provider, available: true }
      : { host, provider, available: false, reason: `run \`ollama pull ${host.model}\`` };
  }
  if (provider.kind === 'embedded') {
    const installed = discovery.embedded.installed;
    return installed
      ? { host, provider, available: true }
      : { host, provider, available: false, reason: discovery.embedded.reason };
  }
  if (provider.location === 'local') {
    const server = discovery.openaiServers[provider.name];
    // A server the user configured explicitly is trusted to come up; its circuit breaker handles outages.
    if (!server?.reachable && provider.explicit) return { host, provider, available: true };
    if (!server?.reachable) return { host, provider, available: false, reason: `start ${provider.label}` };
    // A model the user declared on this server is trusted even if the server lists it under another name.
    const listed = declaredByUser || server.modelIds.length === 0 || server.modelIds.includes(host.model);
    return {
      host,
      provider,
      available: listed,
      reason: listed ? undefined : `${provider.label} does not serve ${host.model}`,
    };
  }
  if (provider.configured) return { host, provider, available: true };
  return {
    host,
    provider,
    available: false,
    reason: provider.explicit ? provider.setupHint : `set ${provider.apiKeyEnv}`,
  };
}

function unavailableReason(choices: HostChoice[]): string {
  const reasons = [
    ...new Set(choices.map((choice) => choice.reason).filter((reason) => reason !== undefined)),
  ];
  return reasons.slice(0, 3).join(' | ');
}

function customProfile(
  custom: ModelConfig,
  index: number,
  providers: Map<string, ResolvedProvider>,
  discovery: DiscoverySnapshot,
): ModelProfile {
  if (!custom.provider || !(custom.providerModelId || custom.path)) {
    throw new ConclaveError(
      'config',
      `models[${index}] (${custom.id}): a custom model needs "provider" and "providerModelId" (or "path" for a GGUF file).`,
      { hint: 'Example: { id: my-model, provider: groq, providerModelId: llama-3.1-8b-instant }' },
    );
  }
  const provider = providers.get(custom.provider);
  if (!provider) {
    throw new ConclaveError('config', `models[${index}].provider: unknown provider "${custom.provider}".`, {
      hint: `Use one of: ${[...providers.keys()].join(', ')}, or define it under providers.`,
    });
  }
  const host = { provider: custom.provider, model: custom.providerModelId ?? custom.path ?? custom.id };
  const choice = chooseHost(host, providers, discovery, true);
  const base = fromDiscoveredModel(
    custom.provider,
    host.model,
    custom.location ?? provider.location,
    custom.id,
  );
  return applyOverride({ ...base, available: choice.available, unavailableReason: choice.reason }, custom);
}

function applyOverride(profile: ModelProfile, override: ModelConfig | undefined): ModelProfile {
  if (!override) return profile;
  const latencyClass = override.latency?.class ?? profile.latency.class;
  return {
    ...profile,
    name: override.name ?? profile.name,
    family: override.family ?? profile.family,
    location: override.location ?? profile.location,
    license: override.license ?? profile.license,
    contextWindow: override.contextWindow ?? profile.contextWindow,
    maxOutputTokens: override.maxOutputTokens ?? profile.maxOutputTokens,
    price: override.price ?? profile.price,
    latency: {
      class: latencyClass,
      ttftMs:
        override.latency?.ttftMs ??
        (override.latency?.class ? TTFT_BY_LATENCY[latencyClass] : profile.latency.ttftMs),
      tokensPerSec: override.latency?.tokensPerSec ?? profile.latency.tokensPerSec,
    },
    strengths: override.strengths ?? profile.strengths,
    weaknesses: override.weaknesses ?? profile.weaknesses,
    quality: { ...profile.quality, ...override.quality },
    supports: { ...profile.supports, ...override.supports },
    specialist: override.specialist ?? profile.specialist,
    memoryBytes:
      override.memoryBytes === undefined ? profile.memoryBytes : parseByteSize(override.memoryBytes),
    fallbacks: override.fallbacks ?? profile.fallbacks,
    aliases: [...(profile.aliases ?? []), ...(override.aliases ?? [])],
    source: override.source ?? profile.source,
  };
}
