import type {
  LanguageModelV4CallOptions,
  LanguageModelV4FinishReason,
  LanguageModelV4Usage,
  SharedV4Warning,
} from '@ai-sdk/provider';
import type { Llama, LlamaChatResponse } from 'node-llama-cpp';
import { ConclaveError } from '../core/conclave-error.js';
import { resolveLlamaCallSettings } from './llama-call-settings.js';
import type { LoadedLlamaModel } from './loaded-llama-model.js';
import { convertPromptToChatHistory } from './prompt-to-chat-history.js';

export interface GenerationDelta {
  /** Reasoning is what the chat wrapper recognises as a thought segment (e.g. `<think>` of reasoning models). */
  kind: 'text' | 'reasoning';
  delta: string;
}

export interface LlamaGenerationResult {
  text: string;
  reasoning: string;
  finishReason: LanguageModelV4FinishReason;
  usage: LanguageModelV4Usage;
}

/** A request that holds a context sequence and has passed every check that can fail before generation. */
export interface PreparedLlamaGeneration {
  readonly warnings: SharedV4Warning[];
  readonly promptTokens: number;
  run(options: {
    onDelta?: (delta: GenerationDelta) => void;
    signal?: AbortSignal;
  }): Promise<LlamaGenerationResult>;
  /** Frees the sequence; call exactly once, after `run` settles (or instead of it). */
  release(): void;
}

export interface PrepareLlamaGenerationOptions {
  llama: Llama;
  loaded: LoadedLlamaModel;
  modelId: string;
  callOptions: LanguageModelV4CallOptions;
}

type StopReason = LlamaChatResponse['metadata']['stopReason'];

function toFinishReason(stopReason: StopReason): LanguageModelV4FinishReason {
  if (stopReason === 'maxTokens') return { unified: 'length', raw: stopReason };
  if (
    stopReason === 'eogToken' ||
    stopReason === 'stopGenerationTrigger' ||
    stopReason === 'customStopTrigger'
  ) {
    return { unified: 'stop', raw: stopReason };
  }
  return { unified: 'other', raw: stopReason };
}

export async function prepareLlamaGeneration({
  llama,
  loaded,
  modelId,
  callOptions,
}: PrepareLlamaGenerationOptions): Promise<PreparedLlamaGeneration> {
  const { history, warnings: promptWarnings } = convertPromptToChatHistory(callOptions.prompt);
  const settings = await resolveLlamaCallSettings(llama, callOptions);
  const warnings = [...promptWarnings, ...settings.warnings];
  // Checked before queueing for a sequence, so a prompt that can never fit fails fast.
  const promptTokens = loaded.chatWrapper
    .generateContextState({ chatHistory: history })
    .contextText.tokenize(loaded.model.tokenizer).length;
  const room = loaded.contextSize - promptTokens;
  if (room < 1) {
    throw new ConclaveError(
      'context-length',
      `The prompt is ${promptTokens} tokens but ${modelId} holds ${loaded.contextSize} tokens (prompt and answer together).`,
      { model: modelId, hint: 'Shorten the conversation or raise the local context size.' },
    );
  }
  // Never let node-llama-cpp shift the context: silently forgetting the start of a conversation is worse
  // than an answer cut at the window's end, which is reported as finish reason "length".
  const maxTokens = Math.max(1, Math.min(callOptions.maxOutputTokens ?? room, room));
  const pooled = await loaded.chats.acquire(
    callOptions.abortSignal === undefined ? {} : { signal: callOptions.abortSignal },
  );
  const chat = pooled.resource;

  return {
    warnings,
    promptTokens,
    release: () => pooled.release(),
    async run({ onDelta, signal }) {
      const meterBefore = chat.sequence.tokenMeter.getState();
      let response: LlamaChatResponse;
      try {
        response = await chat.generateResponse(history, {
          ...settings.sampling,
          ...(settings.grammar === undefined ? {} : { grammar: settings.grammar }),
          maxTokens,
          ...(signal === undefined ? {} : { signal }),
          onResponseChunk: (chunk) => {
            if (chunk.text.length > 0)
              onDelta?.({ kind: chunk.type === 'segment' ? 'reasoning' : 'text', delta: chunk.text });
          },
        });
      } catch (error) {
        if (signal?.aborted) {
          throw new ConclaveError('cancelled', `Generation with ${modelId} was cancelled.`, {
            cause: error,
            model: modelId,
          });
        }
        throw new ConclaveError(
          'upstream',
          `Local generation with ${modelId} failed: ${(error as Error).message}`,
          {
            cause: error,
            model: modelId,
            retryable: false,
          },
        );
      }
      const outputTokens = chat.sequence.tokenMeter.diff(meterBefore).usedOutputTokens;
      const reasoning = response.fullResponse
        .map((item) => (typeof item === 'string' ? '' : item.text))
        .join('');
      return {
        text: response.response,
        reasoning,
        finishReason: toFinishReason(response.metadata.stopReason),
        usage: {
          inputTokens: {
            total: promptTokens,
            noCache: undefined,
            cacheRead: undefined,
            cacheWrite: undefined,
          },
          outputTokens: { total: outputTokens, text: undefined, reasoning: undefined },
        },
      };
    },
  };
}
