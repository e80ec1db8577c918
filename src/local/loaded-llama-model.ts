import type { ChatWrapper, Llama, LlamaChat, LlamaContext, LlamaModel } from 'node-llama-cpp';
import { ConclaveError } from '../core/conclave-error.js';
import type { NodeLlamaCpp } from './load-node-llama-cpp.js';
import { createPlainTextChatWrapper } from './plain-text-chat-wrapper.js';
import { createResourcePool, type ResourcePool } from './resource-pool.js';

export interface LoadedLlamaModel {
  readonly model: LlamaModel;
  readonly context: LlamaContext;
  /** How a conversation is rendered into tokens for this model (shared by all its chats). */
  readonly chatWrapper: ChatWrapper;
  /** One LlamaChat per context sequence; a request holds one for its whole generation. */
  readonly chats: ResourcePool<LlamaChat>;
  /** Tokens each sequence can hold (prompt + output). */
  readonly contextSize: number;
  readonly hasChatTemplate: boolean;
  dispose(): Promise<void>;
}

export interface LoadLlamaModelOptions {
  llamaCpp: NodeLlamaCpp;
  llama: Llama;
  modelPath: string;
  contextSize: number;
  sequences: number;
  threads?: number;
  gpuLayers?: number | 'auto';
  signal?: AbortSignal;
  /** Overrides the chat format resolved from the model's template. */
  chatWrapper?: ChatWrapper;
}

function toLoadError(modelPath: string, error: unknown): ConclaveError {
  if (ConclaveError.is(error)) return error;
  return new ConclaveError(
    'unavailable',
    `Could not load the local model ${modelPath}: ${(error as Error).message}`,
    {
      cause: error,
      model: modelPath,
      retryable: false,
      hint: 'Check that the file is a complete GGUF model supported by this llama.cpp build.',
    },
  );
}

/**
 * Loads weights once and creates one context with a few parallel sequences: requests for the same model share
 * the weights and the batch, while each sequence keeps its own KV cache (and reuses the shared prompt prefix
 * of consecutive requests).
 */
export async function loadLlamaModel({
  llamaCpp,
  llama,
  modelPath,
  contextSize,
  sequences,
  threads,
  gpuLayers,
  signal,
  chatWrapper: chosenWrapper,
}: LoadLlamaModelOptions): Promise<LoadedLlamaModel> {
  let model: LlamaModel | undefined;
  try {
    model = await llama.loadModel({
      modelPath,
      ...(gpuLayers === undefined ? {} : { gpuLayers }),
      ...(signal === undefined ? {} : { loadSignal: signal }),
    });
    // Beyond the training context a model degrades into noise; some files do not declare it (0).
    const effectiveContextSize =
      model.trainContextSize > 0 ? Math.min(contextSize, model.trainContextSize) : contextSize;
    const context = await model.createContext({
      contextSize: effectiveContextSize,
      sequences,
      ...(threads === undefined ? {} : { threads }),
    });
    const hasChatTemplate = typeof model.fileInfo.metadata.tokenizer?.chat_template === 'string';
    // Models with a template get node-llama-cpp's matching wrapper; template-less (base) models plain text.
    // Resolved once: matching a Jinja template against the known formats takes a few hundred milliseconds.
    const chatWrapper =
      chosenWrapper ??
      (hasChatTemplate ? llamaCpp.resolveChatWrapper(model) : createPlainTextChatWrapper(llamaCpp));
    const chats = Array.from(
      { length: context.totalSequences },
      () => new llamaCpp.LlamaChat({ contextSequence: context.getSequence(), chatWrapper }),
    );
    const loadedModel = model;
    return {
      model,
      context,
      chatWrapper,
      chats: createResourcePool(chats),
      contextSize: context.contextSize,
      hasChatTemplate,
      async dispose() {
        for (const chat of chats) chat.dispose({ disposeSequence: true });
        await context.dispose();
        await loadedModel.dispose();
      },
    };
  } catch (error) {
    await model?.dispose();
    throw toLoadError(modelPath, error);
  }
}
