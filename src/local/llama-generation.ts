import { randomUUID } from 'node:crypto';
import type {
  LanguageModelV4CallOptions,
  LanguageModelV4FinishReason,
  LanguageModelV4Usage,
  SharedV4Warning,
} from '@ai-sdk/provider';
import type { ChatModelFunctions, GbnfJsonSchema, Llama, LlamaChatResponse } from 'node-llama-cpp';
import { ConclaveError } from '../core/conclave-error.js';
import { resolveLlamaCallSettings } from './llama-call-settings.js';
import type { LoadedLlamaModel } from './loaded-llama-model.js';
import { convertPromptToChatHistory } from './prompt-to-chat-history.js';

export interface GenerationDelta {
  /** Reasoning is what the chat wrapper recognises as a thought segment (e.g. `<think>` of reasoning models). */
  kind: 'text' | 'reasoning';
  delta: string;
}

export interface LlamaToolCall {
  toolCallId: string;
  toolName: string;
  /** The arguments as JSON text. */
  input: string;
}

export interface LlamaGenerationResult {
  text: string;
  reasoning: string;
  /** Function calls the model made (generation stops at them; the caller runs the tools). */
  toolCalls: LlamaToolCall[];
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
  if (stopReason === 'functionCalls') return { unified: 'tool-calls', raw: stopReason };
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
  const tools = toLlamaFunctions(callOptions);
  const warnings = [...promptWarnings, ...settings.warnings, ...tools.warnings];
  const functions = settings.grammar === undefined ? tools.functions : undefined;
  if (tools.functions && settings.grammar !== undefined)
    warnings.push({
      type: 'unsupported',
      feature: 'tools with a JSON response format',
      details: 'A local model answers in the requested JSON format; the tools were not offered.',
    });
  // Checked before queueing for a sequence, so a prompt that can never fit fails fast.
  const promptTokens = loaded.chatWrapper
    .generateContextState({
      chatHistory: history,
      ...(functions ? { availableFunctions: functions, documentFunctionParams: true } : {}),
    })
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
      let response: LlamaChatResponse<ChatModelFunctions>;
      const common = {
        ...settings.sampling,
        maxTokens,
        ...(signal === undefined ? {} : { signal }),
        onResponseChunk: (chunk: { type?: string; text: string }) => {
          if (chunk.text.length > 0)
            onDelta?.({ kind: chunk.type === 'segment' ? 'reasoning' : 'text', delta: chunk.text });
        },
      };
      try {
        // A JSON grammar and function calling exclude each other in llama.cpp; tools then go unused (warned).
        response = await chat.generateResponse(
          history,
          settings.grammar !== undefined
            ? { ...common, grammar: settings.grammar }
            : functions
              ? { ...common, functions, documentFunctionParams: true }
              : common,
        );
      } catch (error) {
        if (signal?.aborted) {
          throw new ConclaveError('cancelled', `Generation with ${modelId} was cancelled.`, {
            cause: error,
            model: modelId,
          });
        }
        throw new ConclaveError(
          'upstream',
          `Local generation with ${modelId} failed: ${(error as Error).message}${
            functions
              ? ` (tools were offered: each tool's JSON schema becomes a grammar, and a schema feature node-llama-cpp does not support fails here — simplify the schema or send tool requests to another model)`
              : ''
          }`,
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
        toolCalls: (response.functionCalls ?? []).map((call) => ({
          toolCallId: `call_${randomUUID()}`,
          toolName: call.functionName,
          input: JSON.stringify(call.params ?? {}),
        })),
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

/**
 * The request's function tools as node-llama-cpp functions: the chat wrapper describes them to the model, and
 * once the model starts a call its name and arguments are constrained by a grammar from the JSON schema.
 * A model cannot be forced to call, so `toolChoice: required` is a warning; a named tool choice offers only it.
 */
function toLlamaFunctions(callOptions: LanguageModelV4CallOptions): {
  functions: ChatModelFunctions | undefined;
  warnings: SharedV4Warning[];
} {
  const choice = callOptions.toolChoice;
  const tools = (callOptions.tools ?? []).filter(
    (tool) => tool.type === 'function' && (choice?.type !== 'tool' || choice.toolName === tool.name),
  );
  const warnings: SharedV4Warning[] = [];
  if ((callOptions.tools ?? []).some((tool) => tool.type !== 'function'))
    warnings.push({
      type: 'unsupported',
      feature: 'provider-defined tools',
      details: 'Local models call function tools only.',
    });
  if (tools.length === 0 || choice?.type === 'none') return { functions: undefined, warnings };
  if (choice?.type === 'required' || choice?.type === 'tool')
    warnings.push({
      type: 'unsupported',
      feature: 'toolChoice',
      details: 'A local model decides itself whether to call a tool; it cannot be forced to.',
    });
  const functions: Record<string, ChatModelFunctions[string]> = {};
  for (const tool of tools) {
    if (tool.type !== 'function') continue;
    functions[tool.name] = {
      ...(tool.description === undefined ? {} : { description: tool.description }),
      params: toGrammarSchema(tool.inputSchema) as GbnfJsonSchema,
    };
  }
  return { functions, warnings };
}

/**
 * node-llama-cpp's grammar knows `oneOf` but not `anyOf`, which JSON schemas from zod and the AI SDK use for
 * nullable and union fields (a call's arguments then failed validation after generation). As a grammar both
 * mean "one of these shapes", so `anyOf` is rewritten to `oneOf`, at every depth.
 */
function toGrammarSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(toGrammarSchema);
  if (schema === null || typeof schema !== 'object') return schema;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    const name = key === 'anyOf' && !('oneOf' in schema) ? 'oneOf' : key;
    result[name] = toGrammarSchema(value);
  }
  return result;
}
