import type { OllamaDiscovery } from './discovery/discover-ollama.js';
import type { OpenAIModelsDiscovery } from './discovery/discover-openai-models.js';

/** What auto-discovery found at startup; the catalog marks models available from it. */
export interface DiscoverySnapshot {
  ollama?: OllamaDiscovery;
  /** Local OpenAI-compatible servers (vLLM, llama.cpp server, LM Studio, custom) by provider name. */
  openaiServers: Record<string, OpenAIModelsDiscovery>;
  embedded: {
    installed: boolean;
    reason?: string;
    files: { id: string; path: string; sizeBytes: number }[];
  };
}

export const EMPTY_DISCOVERY: DiscoverySnapshot = {
  openaiServers: {},
  embedded: { installed: false, reason: 'not checked', files: [] },
};
