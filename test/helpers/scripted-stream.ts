import { APICallError, type LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { convertArrayToReadableStream } from 'ai/test';
import type { ModelProfile } from '../../src/core/model-profile.js';

/** What a scripted model answers: text (with optional token counts and delay), or a provider failure. */
export type ScriptedAnswer =
  | string
  | { text: string; input?: number; output?: number; delayMs?: number }
  | { fail: string };

export interface ScriptedStreamOptions {
  /** HTTP status of a `fail` answer (400 = not retried by the executor, 500 = retried). */
  failStatus?: number;
  /** Stream the text word by word instead of in one delta. */
  wordByWord?: boolean;
}

/** Turns a scripted answer into what an AI SDK model's doStream returns, or throws the provider error. */
export async function scriptedStream(
  id: string,
  answer: ScriptedAnswer,
  { failStatus = 400, wordByWord = false }: ScriptedStreamOptions = {},
): Promise<{ stream: ReadableStream<LanguageModelV4StreamPart> }> {
  if (typeof answer === 'object' && 'fail' in answer)
    throw new APICallError({
      message: answer.fail,
      url: `http://scripted/${id}`,
      requestBodyValues: {},
      statusCode: failStatus,
      isRetryable: false,
    });
  const {
    text,
    input = 10,
    output = 20,
    delayMs = 0,
  } = typeof answer === 'string' ? { text: answer } : answer;
  if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
  const deltas = wordByWord ? text.split(/(?<= )/) : [text];
  const parts: LanguageModelV4StreamPart[] = [
    { type: 'stream-start', warnings: [] },
    { type: 'text-start', id: 't' },
    ...deltas.map((delta): LanguageModelV4StreamPart => ({ type: 'text-delta', id: 't', delta })),
    { type: 'text-end', id: 't' },
    {
      type: 'finish',
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: {
        inputTokens: { total: input, noCache: input, cacheRead: undefined, cacheWrite: undefined },
        outputTokens: { total: output, text: output, reasoning: undefined },
      },
    },
  ];
  return { stream: convertArrayToReadableStream(parts) };
}

/** A local, free, available test model profile; override any field. */
export function testProfile(id: string, overrides: Partial<ModelProfile> = {}): ModelProfile {
  return {
    id,
    name: id,
    provider: 'test',
    providerModelId: id,
    location: 'local',
    license: 'permissive',
    contextWindow: 32_768,
    price: { inputPerMTok: 0, outputPerMTok: 0 },
    latency: { class: 'fast', ttftMs: 300, tokensPerSec: 100 },
    strengths: [],
    weaknesses: [],
    quality: { general: 0.6 },
    supports: { streaming: true, tools: true, vision: false, json: true, embeddings: false, prefill: true },
    available: true,
    ...overrides,
  };
}
