import type { ConclaveConfig } from '../config/config-schema.js';
import { listModelFiles } from '../local/list-model-files.js';
import type { ResolvedProvider } from '../providers/resolve-providers.js';
import { discoverOllama } from './discovery/discover-ollama.js';
import { discoverOpenAIModels } from './discovery/discover-openai-models.js';
import type { FetchFunction } from './discovery/fetch-json.js';
import type { DiscoverySnapshot } from './discovery-snapshot.js';

export interface DiscoverAllOptions {
  config: ConclaveConfig;
  providers: Map<string, ResolvedProvider>;
  modelsDir: string;
  fetch?: FetchFunction;
}

/** Probes local servers and the models directory in parallel; each probe is bounded by a short timeout. */
export async function discoverAll({
  config,
  providers,
  modelsDir,
  fetch,
}: DiscoverAllOptions): Promise<DiscoverySnapshot> {
  const timeoutMs = config.discovery.timeoutMs;
  const ollama = providers.get('ollama');
  const localServers = [...providers.values()].filter(
    (provider) =>
      provider.kind === 'openai-compatible' &&
      provider.location === 'local' &&
      provider.baseURL &&
      (provider.explicit || config.discovery.localServers) &&
      (config.providers[provider.name]?.enabled ?? true),
  );
  const [ollamaResult, servers, embedded] = await Promise.all([
    ollama && config.discovery.ollama && (config.providers.ollama?.enabled ?? true)
      ? discoverOllama(ollama.baseURL ?? 'http://127.0.0.1:11434', { timeoutMs, fetch })
      : undefined,
    Promise.all(
      localServers.map(
        async (provider) =>
          [
            provider.name,
            await discoverOpenAIModels(provider.baseURL!, { apiKey: provider.apiKey, timeoutMs, fetch }),
          ] as const,
      ),
    ),
    discoverEmbedded(modelsDir),
  ]);
  return {
    ollama: ollamaResult,
    openaiServers: Object.fromEntries(servers.filter(([, server]) => server.reachable)),
    embedded,
  };
}

async function discoverEmbedded(modelsDir: string): Promise<DiscoverySnapshot['embedded']> {
  let installed = true;
  let reason: string | undefined;
  try {
    import.meta.resolve('node-llama-cpp');
  } catch {
    installed = false;
    reason = 'the embedded engine is not installed: run `npm install node-llama-cpp`';
  }
  // Pulled files live in <modelsDir>/<owner>/<repo>/<file>.gguf; ids are paths relative to modelsDir.
  const files = await listModelFiles(modelsDir).catch(() => []);
  return { installed, reason, files };
}
