import type { LanguageModelV4Prompt } from '@ai-sdk/provider';
import { MockLanguageModelV4 } from 'ai/test';
import { type ScriptedAnswer, scriptedStream } from '../helpers/scripted-stream.js';

export type CallKind = 'answer' | 'pairwise' | 'rubric' | 'verify' | 'fusion' | 'moa';

/** One call a scripted model received, flattened for assertions. */
export interface ReceivedCall {
  model: string;
  kind: CallKind;
  prompt: LanguageModelV4Prompt;
  system: string;
  lastUser: string;
  /** Pairwise judge calls: the two answers in the order shown. */
  shown: [string, string] | undefined;
}

export type Reply = ScriptedAnswer;
export type Script = (call: ReceivedCall) => Reply;

export function textOf(message: LanguageModelV4Prompt[number]): string {
  if (typeof message.content === 'string') return message.content;
  return message.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
}

function kindOf(system: string, lastUser: string): CallKind {
  if (lastUser.includes('"VERDICT: 1"')) return 'pairwise';
  if (lastUser.includes('"SCORE: <1-10>"')) return 'rubric';
  if (lastUser.includes('"CONFIDENCE: <0.0-1.0>"')) return 'verify';
  if (system.startsWith('You combine answers from several models')) return 'fusion';
  if (system.startsWith('You have been given responses from several models')) return 'moa';
  return 'answer';
}

/** A scripted AI SDK model: the script answers each call, and every call is recorded. */
export function createScriptedModel(id: string, script: Script, received: ReceivedCall[]) {
  return new MockLanguageModelV4({
    provider: 'scripted',
    modelId: id,
    doStream: async (options) => {
      const system = options.prompt
        .filter((message) => message.role === 'system')
        .map(textOf)
        .join('\n');
      const lastUser = textOf(options.prompt.at(-1)!);
      const kind = kindOf(system, lastUser);
      const shown =
        kind === 'pairwise'
          ? ([
              /\[Answer 1\]\n([\s\S]*?)\n\n\[Answer 2\]/.exec(lastUser)?.[1] ?? '',
              /\[Answer 2\]\n([\s\S]*?)\n\nWhich answer/.exec(lastUser)?.[1] ?? '',
            ] as [string, string])
          : undefined;
      const call: ReceivedCall = { model: id, kind, prompt: options.prompt, system, lastUser, shown };
      received.push(call);
      return scriptedStream(id, script(call));
    },
  });
}
