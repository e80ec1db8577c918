import os from 'node:os';
import type { EmbeddingModelV4, LanguageModelV4 } from '@ai-sdk/provider';
import { discoverAll } from '../catalog/discover-all.js';
import { type DiscoverySnapshot, EMPTY_DISCOVERY } from '../catalog/discovery-snapshot.js';
import { resolveCatalog } from '../catalog/resolve-catalog.js';
import type { ConclaveConfig } from '../config/config-schema.js';
import { parseByteSize } from '../config/parse-byte-size.js';
import type { ChatRequest } from '../core/chat-request.js';
import { ConclaveError } from '../core/conclave-error.js';
import type { ModelProfile } from '../core/model-profile.js';
import { createEmbeddedEngine, type EmbeddedEngine } from '../local/embedded-engine.js';
import { listModelFiles } from '../local/list-model-files.js';
import { createEmbeddingModel } from '../providers/create-embedding-model.js';
import { createLanguageModel, type FetchFunction } from '../providers/create-language-model.js';
import { ollamaRoot } from '../providers/ollama-root.js';
import {
  createOpenAIPassthroughModel,
  passthroughHeaders,
} from '../providers/passthrough/openai-passthrough-model.js';
import { type UpstreamEndpoint, upstreamEndpoint } from '../providers/passthrough/post-upstream.js';
import type { ResolvedProvider } from '../providers/resolve-providers.js';
import { createUpstreamAgents } from '../providers/upstream-agents.js';

const PASSTHROUGH_KINDS = new Set(['openai', 'openai-compatible', 'ollama']);

export interface ModelRegistryOptions {
  config: ConclaveConfig;
  providers: Map<string, ResolvedProvider>;
  modelsDir: string;
  discover: boolean;
  fetch?: FetchFunction;
}

/** The catalog as it stands (built-in + config + discovery) and the live model objects behind it. */
export async function createModelRegistry({
  config,
  providers,
  modelsDir,
  discover,
  fetch,
}: ModelRegistryOptions) {
  const runDiscovery = async (): Promise<DiscoverySnapshot> =>
    discover
      ? discoverAll({ config, providers, modelsDir, fetch })
      : {
          ...EMPTY_DISCOVERY,
          embedded: {
            installed: isEmbeddedInstalled(),
            reason: isEmbeddedInstalled()
              ? undefined
              : 'the embedded engine is not installed: run `npm install node-llama-cpp`',
            files: await listModelFiles(modelsDir).catch(() => []),
          },
        };
  let discovery = await runDiscovery();
  let profiles = resolveCatalog(config, providers, discovery);
  let index = new Map(profiles.map((profile) => [profile.id, profile]));
  const replace = (next: ModelProfile[]) => {
    profiles = next;
    index = new Map(profiles.map((profile) => [profile.id, profile]));
  };

  let embedded: EmbeddedEngine | undefined;
  const embeddedEngine = (): EmbeddedEngine => {
    embedded ??= createEmbeddedEngine({
      modelsDir,
      threads: config.local.threads ?? Math.max(1, Math.floor(os.availableParallelism() / 2)),
      contextSize: config.local.contextSize,
      memoryBudgetBytes:
        config.local.memoryBudget === undefined ? undefined : parseByteSize(config.local.memoryBudget),
      pressureThreshold: config.local.pressureThreshold,
      gpuLayers: config.local.gpuLayers,
    });
    return embedded;
  };

  const providerOf = (profile: ModelProfile): ResolvedProvider => {
    const provider = providers.get(profile.provider);
    if (!provider)
      throw new ConclaveError('config', `Model ${profile.id} names unknown provider ${profile.provider}.`);
    return provider;
  };
  const agents = createUpstreamAgents();
  // Passthrough endpoints per provider name (URL parsed and request options built once).
  const endpoints = new Map<string, UpstreamEndpoint>();
  const languageModels = new Map<string, LanguageModelV4>();
  const testModels = new Map<string, LanguageModelV4>();

  return {
    get discovery() {
      return discovery;
    },
    profiles: (): readonly ModelProfile[] => profiles,
    profile: (id: string): ModelProfile | undefined => index.get(id),
    languageModelFor(profile: ModelProfile, request?: ChatRequest): LanguageModelV4 {
      const injected = testModels.get(profile.id);
      if (injected) return injected;
      const provider = providers.get(profile.provider);
      if (request?.raw && config.server.passthrough && provider && PASSTHROUGH_KINDS.has(provider.kind)) {
        let endpoint = endpoints.get(provider.name);
        if (!endpoint) {
          const baseURL =
            provider.kind === 'ollama'
              ? `${ollamaRoot(provider.baseURL)}/v1`
              : (provider.baseURL ?? 'https://api.openai.com/v1');
          endpoint = upstreamEndpoint(
            baseURL,
            passthroughHeaders(provider),
            agents.agentFor(new URL(baseURL).origin, provider.maxConcurrency),
          );
          endpoints.set(provider.name, endpoint);
        }
        return createOpenAIPassthroughModel({
          providerName: provider.name,
          endpoint,
          providerModelId: profile.providerModelId,
          rawBody: request.raw.body,
        });
      }
      const key = `${profile.provider}\u0000${profile.providerModelId}`;
      let model = languageModels.get(key);
      if (!model) {
        const resolved = providerOf(profile);
        model =
          resolved.kind === 'embedded'
            ? embeddedEngine().languageModel(profile.providerModelId, profile.id)
            : createLanguageModel({
                provider: resolved,
                providerModelId: profile.providerModelId,
                fetch,
              });
        languageModels.set(key, model);
      }
      return model;
    },
    embeddingModelFor(profile: ModelProfile): EmbeddingModelV4 {
      return createEmbeddingModel({
        provider: providerOf(profile),
        providerModelId: profile.providerModelId,
        fetch,
      });
    },
    /** The demo model's file is written on first use, so `conclave models` stays instant. */
    async prepare(targets: readonly string[]): Promise<void> {
      for (const id of targets) {
        const profile = index.get(id);
        if (profile?.provider !== 'embedded' || profile.providerModelId !== 'conclave-demo.gguf') continue;
        const { ensureDemoModel } = await import('../local/demo-model.js');
        const file = await ensureDemoModel(modelsDir);
        replace(
          profiles.map((candidate) =>
            candidate.id === profile.id ? { ...candidate, providerModelId: file } : candidate,
          ),
        );
      }
    },
    /**
     * Library and test seam: register (or replace) a model profile backed by any AI SDK language model —
     * scripted mocks, a custom provider, or a fine-tuned model.
     */
    registerModel(profile: ModelProfile, model?: LanguageModelV4): void {
      replace([...profiles.filter((candidate) => candidate.id !== profile.id), profile]);
      if (model) testModels.set(profile.id, model);
    },
    async refresh(): Promise<void> {
      discovery = await runDiscovery();
      const custom = profiles.filter((profile) => testModels.has(profile.id));
      replace([...resolveCatalog(config, providers, discovery), ...custom]);
    },
    async close(): Promise<void> {
      await embedded?.close();
      agents.close();
      endpoints.clear();
    },
  };
}

export type ModelRegistry = Awaited<ReturnType<typeof createModelRegistry>>;

function isEmbeddedInstalled(): boolean {
  try {
    import.meta.resolve('node-llama-cpp');
    return true;
  } catch {
    return false;
  }
}
