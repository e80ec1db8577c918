import type { CatalogEntry } from './catalog-entry.js';
import { communityModels } from './entries/community.js';
import { embeddingModels } from './entries/embeddings.js';
import { metaLlamaModels } from './entries/meta-llama.js';
import { mistralModels } from './entries/mistral.js';
import { proprietaryModels } from './entries/proprietary.js';
import { qwenGemmaPhiModels } from './entries/qwen-gemma-phi.js';
import { specialistModels } from './entries/specialists.js';

/** The id of the tiny embedded model Conclave writes itself so it always has something to answer with. */
export const DEMO_MODEL_ID = 'conclave-demo';

const demoModel: CatalogEntry = {
  id: DEMO_MODEL_ID,
  name: 'Conclave demo (embedded)',
  family: 'demo',
  license: 'permissive',
  contextWindow: 2_048,
  latency: 'instant',
  strengths: [],
  weaknesses: ['deep', 'code', 'math', 'creative', 'analysis'],
  quality: { general: 0.01, quick: 0.01 },
  supports: { streaming: true, tools: false, json: false, vision: false, embeddings: false, prefill: true },
  price: { inputPerMTok: 0, outputPerMTok: 0 },
  hosts: [{ provider: 'embedded', model: 'conclave-demo.gguf' }],
  source: 'written by Conclave (src/local/demo-model.ts); answers with setup instructions',
};

export const BUILTIN_CATALOG: readonly CatalogEntry[] = [
  ...metaLlamaModels,
  ...mistralModels,
  ...qwenGemmaPhiModels,
  ...communityModels,
  ...specialistModels,
  ...proprietaryModels,
  ...embeddingModels,
  demoModel,
];
