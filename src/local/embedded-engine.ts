import { stat } from 'node:fs/promises';
import { totalmem } from 'node:os';
import path from 'node:path';
import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4StreamPart,
} from '@ai-sdk/provider';
import type { ChatWrapper } from 'node-llama-cpp';
import { ConclaveError } from '../core/conclave-error.js';
import { linkSignals } from '../core/link-signals.js';
import { createEmbeddedLanguageModel } from './embedded-language-model.js';
import { type LocalModelFile, listModelFiles } from './list-model-files.js';
import { type PreparedLlamaGeneration, prepareLlamaGeneration } from './llama-generation.js';
import { type LlamaRuntime, startLlamaRuntime } from './llama-runtime.js';
import type { ImportNodeLlamaCpp, NodeLlamaCpp } from './load-node-llama-cpp.js';
import { type LoadedLlamaModel, loadLlamaModel } from './loaded-llama-model.js';
import { createModelMemoryManager, type LoadedModelInfo } from './model-memory-manager.js';

export interface EmbeddedEngineOptions {
  /** Where local GGUF files live; relative model paths resolve against it. */
  modelsDir: string;
  /** llama.cpp threads per context; leave unset for all math cores (use 1 on 2-core machines). */
  threads?: number;
  /** Tokens per sequence (prompt + answer), capped at each model's training context. Default 4096. */
  contextSize?: number;
  /** Bytes all loaded models may use together. Default: half of the machine's RAM. */
  memoryBudgetBytes?: number;
  /** Share of the budget above which idle models are unloaded before loading another. Default 0.9. */
  pressureThreshold?: number;
  /** Layers to offload when a GPU is used. */
  gpuLayers?: number | 'auto';
  /** GPU backend: false (CPU only, the default: predictable everywhere) or 'auto' (CUDA/Vulkan/Metal if present). */
  gpu?: 'auto' | false;
  /** Requests one model serves in parallel; more wait in line. Default 2. */
  sequencesPerModel?: number;
  /**
   * The chat format for a model, overriding the one node-llama-cpp resolves from the GGUF's template (e.g. for a
   * fine-tune whose template it does not recognise). It also decides how tool calls look to that model.
   */
  chatWrapperFor?: (modelPath: string, llamaCpp: NodeLlamaCpp) => ChatWrapper | undefined;
  /** Test seam: how node-llama-cpp is imported. */
  importNodeLlamaCpp?: ImportNodeLlamaCpp;
}

export interface LoadedLocalModel extends Omit<LoadedModelInfo, 'key'> {
  id: string;
  path: string;
}

export interface EmbeddedEngine {
  languageModel(modelPath: string, modelId?: string): LanguageModelV4;
  listModelFiles(): Promise<LocalModelFile[]>;
  loadedModels(): LoadedLocalModel[];
  /** Cancels running generations, unloads every model and releases llama.cpp. */
  close(): Promise<void>;
}

const GGUF_SUFFIX = '.gguf';

export function createEmbeddedEngine({
  modelsDir,
  threads,
  contextSize = 4096,
  memoryBudgetBytes = Math.floor(totalmem() / 2),
  pressureThreshold = 0.9,
  gpuLayers,
  gpu = false,
  sequencesPerModel = 2,
  importNodeLlamaCpp,
  chatWrapperFor,
}: EmbeddedEngineOptions): EmbeddedEngine {
  const shutdown = new AbortController();
  const active = new Set<Promise<void>>();
  let runtime: Promise<LlamaRuntime> | undefined;

  const getRuntime = (): Promise<LlamaRuntime> => {
    if (runtime === undefined) {
      const starting = startLlamaRuntime({ gpu, ...(importNodeLlamaCpp ? { importNodeLlamaCpp } : {}) });
      runtime = starting;
      // A failed start (e.g. not installed yet) is retried on the next request rather than cached forever.
      starting.catch(() => {
        if (runtime === starting) runtime = undefined;
      });
    }
    return runtime;
  };

  const idFor = (modelPath: string) => {
    const relative = path.relative(modelsDir, modelPath);
    const inside = !relative.startsWith('..') && !path.isAbsolute(relative);
    const name = inside ? relative.split(path.sep).join('/') : path.basename(modelPath);
    return name.endsWith(GGUF_SUFFIX) ? name.slice(0, -GGUF_SUFFIX.length) : name;
  };

  const estimateBytes = async (modelPath: string) => {
    try {
      return (await stat(modelPath)).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      const available = (await listModelFiles(modelsDir)).map((file) => file.id);
      throw new ConclaveError('not-found', `No local model file at ${modelPath}.`, {
        model: idFor(modelPath),
        retryable: false,
        hint:
          available.length > 0
            ? `Local models: ${available.slice(0, 10).join(', ')}`
            : `Put a .gguf file in ${modelsDir} or pull one.`,
      });
    }
  };

  const manager = createModelMemoryManager<LoadedLlamaModel>({
    budgetBytes: memoryBudgetBytes,
    pressureThreshold,
    estimateBytes,
    load: async (modelPath, { signal }) => {
      const { llamaCpp, llama } = await getRuntime();
      return loadLlamaModel({
        llamaCpp,
        llama,
        modelPath,
        contextSize,
        sequences: sequencesPerModel,
        signal,
        chatWrapper: chatWrapperFor?.(modelPath, llamaCpp),
        ...(threads === undefined ? {} : { threads }),
        ...(gpuLayers === undefined ? {} : { gpuLayers }),
      });
    },
    unload: (loaded) => loaded.dispose(),
  });

  const prepare = async (
    modelPath: string,
    modelId: string,
    callOptions: LanguageModelV4CallOptions,
  ): Promise<PreparedLlamaGeneration> => {
    if (shutdown.signal.aborted) throw shutdown.signal.reason;
    const { llama } = await getRuntime();
    const signal = callOptions.abortSignal;
    const lease = await manager.acquire(modelPath, signal === undefined ? {} : { signal });
    let generation: PreparedLlamaGeneration;
    try {
      generation = await prepareLlamaGeneration({ llama, loaded: lease.model, modelId, callOptions });
    } catch (error) {
      lease.release();
      throw error;
    }
    let markReleased = () => {};
    const released = new Promise<void>((resolve) => {
      markReleased = resolve;
    });
    active.add(released);
    return {
      warnings: generation.warnings,
      promptTokens: generation.promptTokens,
      run: (options) => generation.run(options),
      release: () => {
        generation.release();
        lease.release();
        active.delete(released);
        markReleased();
      },
    };
  };

  // Every call also listens to the engine's shutdown signal, so close() can stop generations in flight. The
  // link is undone when the call ends (AbortSignal.any would keep one signal per call alive on the engine's
  // long-lived shutdown signal).
  const withShutdown = (options: LanguageModelV4CallOptions) => {
    const linked = linkSignals(options.abortSignal, shutdown.signal);
    return { options: { ...options, abortSignal: linked.signal }, dispose: linked.dispose };
  };

  return {
    languageModel(modelPath, modelId) {
      const withSuffix = modelPath.toLowerCase().endsWith(GGUF_SUFFIX)
        ? modelPath
        : `${modelPath}${GGUF_SUFFIX}`;
      const resolvedPath = path.resolve(modelsDir, withSuffix);
      const id = modelId ?? idFor(resolvedPath);
      const model = createEmbeddedLanguageModel({
        modelId: id,
        prepare: (options) => prepare(resolvedPath, id, options),
      });
      return {
        ...model,
        async doGenerate(options) {
          const call = withShutdown(options);
          try {
            return await model.doGenerate(call.options);
          } finally {
            call.dispose();
          }
        },
        async doStream(options) {
          const call = withShutdown(options);
          try {
            const result = await model.doStream(call.options);
            // Node calls a transformer's `cancel` when the reader cancels (not yet in TypeScript's DOM types).
            const untilEnd = { flush: call.dispose, cancel: call.dispose };
            const stream = result.stream.pipeThrough(
              new TransformStream<LanguageModelV4StreamPart, LanguageModelV4StreamPart>(untilEnd),
            );
            return { ...result, stream };
          } catch (error) {
            call.dispose();
            throw error;
          }
        },
      };
    },
    listModelFiles: () => listModelFiles(modelsDir),
    loadedModels: () => manager.loaded().map(({ key, ...info }) => ({ id: idFor(key), path: key, ...info })),
    async close() {
      shutdown.abort(new ConclaveError('unavailable', 'The embedded llama.cpp engine is shutting down.'));
      await Promise.allSettled([...active]);
      await manager.close();
      const started = runtime;
      runtime = undefined;
      if (started !== undefined) await started.then(({ llama }) => llama.dispose()).catch(() => {});
    },
  };
}
