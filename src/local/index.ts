// Public surface of the local layer (re-exports only).
export { DEMO_MODEL_FILE_NAME, DEMO_MODEL_MESSAGE, ensureDemoModel } from './demo-model.js';
export {
  createEmbeddedEngine,
  type EmbeddedEngine,
  type EmbeddedEngineOptions,
  type LoadedLocalModel,
} from './embedded-engine.js';
export { EMBEDDED_PROVIDER_ID } from './embedded-language-model.js';
export { encodeGguf, type GgufContents, type GgufMetadataValue, type GgufTensor } from './gguf-writer.js';
export { type LocalModelFile, listModelFiles } from './list-model-files.js';
export {
  createModelMemoryManager,
  type LoadedModelInfo,
  type ModelLease,
  type ModelMemoryManager,
  type ModelMemoryManagerOptions,
} from './model-memory-manager.js';
export { HF_SPEC_EXAMPLE, type HfFileSpec, parseHfSpec } from './parse-hf-spec.js';
export { type PulledModel, type PullModelOptions, type PullProgress, pullModel } from './pull-model.js';
export { createWeightedSemaphore, type WeightedSemaphore } from './weighted-semaphore.js';
