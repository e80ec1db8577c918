import type { LanguageModelV4Prompt } from '@ai-sdk/provider';
import { MockLanguageModelV4 } from 'ai/test';
import { CHAIRMAN_SYSTEM_PROMPT } from '../../src/orchestration/council/council-prompts.js';
import { type ScriptedAnswer, scriptedStream } from '../helpers/scripted-stream.js';

export type CallKind = 'answer' | 'revision' | 'review' | 'synthesis';

/** One call a scripted model received, with its prompt flattened for easy assertions. */
export interface ReceivedCall {
  model: string;
  kind: CallKind;
  prompt: LanguageModelV4Prompt;
  system: string;
  /** Text of the last user message. */
  lastUser: string;
  /** Review calls: label → answer text, in the order shown. */
  labels: Map<string, string>;
}

export type Reply = ScriptedAnswer;

export type Script = (call: ReceivedCall) => Reply;

export function textOfMessage(message: LanguageModelV4Prompt[number]): string {
  if (typeof message.content === 'string') return message.content;
  return message.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
}

export function kindOf(prompt: LanguageModelV4Prompt): CallKind {
  const system = prompt.find((message) => message.role === 'system');
  if (system && textOfMessage(system) === CHAIRMAN_SYSTEM_PROMPT) return 'synthesis';
  const last = textOfMessage(prompt.at(-1)!);
  if (last.includes('FINAL RANKING:')) return 'review';
  if (/^Round \d+ of the council's debate/.test(last)) return 'revision';
  return 'answer';
}

/** "Response A:\n…" blocks of a review prompt, in the order the reviewer sees them. */
export function labelsOf(text: string): Map<string, string> {
  const labels = new Map<string, string>();
  const body = text.split('\n\nEvaluate each response')[0] ?? '';
  const pattern = /Response ([A-Z]):\n([\s\S]*?)(?=\n\nResponse [A-Z]:\n|$)/g;
  for (const match of body.matchAll(pattern)) labels.set(match[1]!, match[2]!);
  return labels;
}

/**
 * A scripted AI SDK model: the script decides each reply from the call (answer, revision, review, synthesis),
 * and every call is recorded, so tests can assert on the prompts the council sent.
 */
export function createScriptedModel(id: string, script: Script, received: ReceivedCall[]) {
  return new MockLanguageModelV4({
    provider: 'scripted',
    modelId: id,
    doStream: async (options) => {
      const last = textOfMessage(options.prompt.at(-1)!);
      const call: ReceivedCall = {
        model: id,
        kind: kindOf(options.prompt),
        prompt: options.prompt,
        system: options.prompt
          .filter((message) => message.role === 'system')
          .map(textOfMessage)
          .join('\n'),
        lastUser: last,
        labels: labelsOf(last),
      };
      received.push(call);
      return scriptedStream(id, script(call), { wordByWord: true });
    },
  });
}
