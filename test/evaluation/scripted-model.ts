import type { LanguageModelV4CallOptions, LanguageModelV4StreamPart } from '@ai-sdk/provider';
import { MockLanguageModelV4 } from 'ai/test';

export interface ScriptedReply {
  text?: string;
  toolCalls?: { name: string; input: Record<string, unknown> }[];
  outputTokens?: number;
  /** Default: about four characters per token of the prompt, as real tokenizers count English. */
  inputTokens?: number;
  /** Delay before the first token and between text pieces (ms). */
  firstTokenMs?: number;
  pieceMs?: number;
}

export type Script = (prompt: string, options: LanguageModelV4CallOptions) => ScriptedReply | string;

/** The text of every message in a prompt, joined: what scripts match on. */
export function promptTextOf(options: LanguageModelV4CallOptions): string {
  return options.prompt
    .map((message) =>
      typeof message.content === 'string'
        ? message.content
        : message.content.map((part) => ('text' in part ? part.text : '')).join(''),
    )
    .join('\n');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A scripted LanguageModelV4: each call streams the reply the script gives for the prompt, word by word,
 * with optional delays, and reports usage. `calls` records every prompt it saw; `inFlight`/`maxInFlight`
 * let tests check concurrency.
 */
export function scriptedModel(script: Script) {
  const state = { calls: [] as string[], inFlight: 0, maxInFlight: 0 };
  const model = new MockLanguageModelV4({
    doStream: async (options) => {
      const prompt = promptTextOf(options);
      state.calls.push(prompt);
      const scripted = script(prompt, options);
      const reply: ScriptedReply = typeof scripted === 'string' ? { text: scripted } : scripted;
      const pieces = (reply.text ?? '').split(/(?<=\s)/).filter(Boolean);
      state.inFlight += 1;
      state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
      const stream = new ReadableStream<LanguageModelV4StreamPart>({
        async start(controller) {
          try {
            controller.enqueue({ type: 'stream-start', warnings: [] });
            if (reply.firstTokenMs) await sleep(reply.firstTokenMs);
            if (pieces.length > 0) {
              controller.enqueue({ type: 'text-start', id: 't' });
              for (const [index, piece] of pieces.entries()) {
                if (index > 0 && reply.pieceMs) await sleep(reply.pieceMs);
                controller.enqueue({ type: 'text-delta', id: 't', delta: piece });
              }
              controller.enqueue({ type: 'text-end', id: 't' });
            }
            for (const [index, call] of (reply.toolCalls ?? []).entries())
              controller.enqueue({
                type: 'tool-call',
                toolCallId: `call-${index}`,
                toolName: call.name,
                input: JSON.stringify(call.input),
              });
            const outputTokens = reply.outputTokens ?? Math.max(1, pieces.length);
            const inputTokens = reply.inputTokens ?? Math.ceil(prompt.length / 4);
            controller.enqueue({
              type: 'finish',
              finishReason: { unified: reply.toolCalls?.length ? 'tool-calls' : 'stop', raw: undefined },
              usage: {
                inputTokens: {
                  total: inputTokens,
                  noCache: inputTokens,
                  cacheRead: undefined,
                  cacheWrite: undefined,
                },
                outputTokens: { total: outputTokens, text: outputTokens, reasoning: undefined },
              },
            });
            controller.close();
          } finally {
            state.inFlight -= 1;
          }
        },
      });
      return { stream };
    },
  });
  return Object.assign(model, { state });
}

export { testProfile as profile } from '../helpers/scripted-stream.js';
