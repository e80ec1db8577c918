import { APICallError, type LanguageModelV4Prompt, type LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { convertArrayToReadableStream, MockLanguageModelV4 } from 'ai/test';
import type { ModelProfile } from '../../../src/core/model-profile.js';

export type ScriptedReply =
  | string
  | { text: string; input?: number; output?: number }
  | { fail: string }
  | Promise<string>;

/** The text of the last user message of a prompt. */
export function lastUserText(prompt: LanguageModelV4Prompt): string {
  const message = [...prompt].reverse().find((entry) => entry.role === 'user');
  if (!message || typeof message.content === 'string') return '';
  return message.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
}

/**
 * A scripted AI SDK model: `script` decides each reply from the prompt; every call is counted, so tests can
 * assert how many times a model was paid for.
 */
export function scriptedModel(
  id: string,
  script: (prompt: LanguageModelV4Prompt, call: number) => ScriptedReply,
) {
  let calls = 0;
  const model = new MockLanguageModelV4({
    provider: 'scripted',
    modelId: id,
    doStream: async (options) => {
      calls += 1;
      const reply = await script(options.prompt, calls);
      if (typeof reply === 'object' && 'fail' in reply) {
        throw new APICallError({
          message: reply.fail,
          url: `http://scripted/${id}`,
          requestBodyValues: {},
          statusCode: 500,
          isRetryable: false,
        });
      }
      const { text, input = 10, output = 20 } = typeof reply === 'string' ? { text: reply } : reply;
      const parts: LanguageModelV4StreamPart[] = [
        { type: 'stream-start', warnings: [] },
        { type: 'text-start', id: 't' },
        { type: 'text-delta', id: 't', delta: text },
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
    },
  });
  return { model, calls: () => calls };
}

export function scriptedProfile(id: string, overrides: Partial<ModelProfile> = {}): ModelProfile {
  return {
    id,
    name: id,
    provider: 'scripted',
    providerModelId: id,
    location: 'local',
    license: 'permissive',
    contextWindow: 32_768,
    price: { inputPerMTok: 1, outputPerMTok: 2 },
    latency: { class: 'fast', ttftMs: 100, tokensPerSec: 100 },
    strengths: [],
    weaknesses: [],
    quality: { general: 0.6 },
    supports: { streaming: true, tools: true, vision: false, json: true, embeddings: false, prefill: false },
    available: true,
    ...overrides,
  };
}
