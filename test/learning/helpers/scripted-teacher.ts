import type { LanguageModelV4Prompt } from '@ai-sdk/provider';
import { MockLanguageModelV4 } from 'ai/test';
import type { ModelProfile } from '../../../src/core/model-profile.js';
import { type ScriptedAnswer, scriptedStream, testProfile } from '../../helpers/scripted-stream.js';

export type ScriptedReply = ScriptedAnswer | Promise<string>;

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
      return scriptedStream(id, reply, { failStatus: 500 });
    },
  });
  return { model, calls: () => calls };
}

export function scriptedProfile(id: string, overrides: Partial<ModelProfile> = {}): ModelProfile {
  return testProfile(id, {
    provider: 'scripted',
    price: { inputPerMTok: 1, outputPerMTok: 2 },
    latency: { class: 'fast', ttftMs: 100, tokensPerSec: 100 },
    supports: { streaming: true, tools: true, vision: false, json: true, embeddings: false, prefill: false },
    ...overrides,
  });
}
