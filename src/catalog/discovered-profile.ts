import type { ModelLocation, ModelProfile } from '../core/model-profile.js';

/** A model found by discovery (or a custom model) that the built-in catalog does not describe. */
export function fromDiscoveredModel(
  provider: string,
  providerModelId: string,
  location: ModelLocation,
  id = location === 'local' && provider !== 'embedded' ? providerModelId : `${provider}/${providerModelId}`,
): ModelProfile {
  return {
    id,
    name: id,
    provider,
    providerModelId,
    location,
    license: location === 'local' ? 'permissive' : 'proprietary',
    contextWindow: 4_096,
    price: { inputPerMTok: 0, outputPerMTok: 0 },
    latency: { class: 'standard', ttftMs: 1_000, tokensPerSec: 40 },
    strengths: [],
    weaknesses: [],
    quality: { general: 0.5 },
    supports: { streaming: true, tools: false, vision: false, json: false, embeddings: false, prefill: true },
    available: true,
    source: `discovered from ${provider}`,
  };
}
