import { CHAIRMAN_SYSTEM_PROMPT } from '../../src/orchestration/council/council-prompts.js';
import type { RecordedRequest } from '../fakes/recorded-request.js';
import { labelsOf } from './scripted-model.js';

interface WireMessage {
  role: string;
  content: string | { type: string; text?: string }[];
}

export const wireText = (message: WireMessage | undefined): string =>
  typeof message?.content === 'string'
    ? message.content
    : (message?.content ?? []).map((part) => part.text ?? '').join('');

export const wireMessages = (request: RecordedRequest): WireMessage[] =>
  (request.body as { messages: WireMessage[] }).messages;

const rank = (text: string) =>
  ['engineer', 'designer', 'strategist'].findIndex((role) => text.startsWith(role));

/**
 * What a fake upstream model says to a council call, decided from the OpenAI request: "<role> answer from
 * <model>", a strict ranking preferring engineer > designer > strategist, or "Synthesis by <model>".
 */
export function councilReply(model: string) {
  return (request: RecordedRequest) => {
    const messages = wireMessages(request);
    const last = wireText(messages.at(-1));
    if (wireText(messages[0]) === CHAIRMAN_SYSTEM_PROMPT)
      return { text: `Synthesis by ${model}`, usage: { input: 30, output: 5 } };
    if (last.includes('FINAL RANKING:')) {
      const order = [...labelsOf(last)].sort(([, left], [, right]) => rank(left) - rank(right));
      return {
        text: `FINAL RANKING:\n${order.map(([label], index) => `${index + 1}. Response ${label}`).join('\n')}`,
      };
    }
    const role = /You are the (\w+)/.exec(wireText(messages[0]))?.[1]?.toLowerCase();
    return { text: `${role} answer from ${model}`, usage: { input: 12, output: 6 } };
  };
}
