import type {
  LanguageModelV4Content,
  LanguageModelV4StreamPart,
  LanguageModelV4Usage,
} from '@ai-sdk/provider';
import type { FinishReason } from '../core/chat-request.js';

/** Collects what a model streamed: text, reasoning, tool calls, usage and the finish reason. */
export function createStreamAccumulator() {
  let text = '';
  let reasoning = '';
  const toolCalls: Extract<LanguageModelV4Content, { type: 'tool-call' }>[] = [];
  let finish: { reason: FinishReason; raw: string | undefined; usage: LanguageModelV4Usage } | undefined;
  let contentStarted = false;
  return {
    /** Returns true when the part is content the caller sees (so time-to-first-token is known). */
    add(part: LanguageModelV4StreamPart): boolean {
      switch (part.type) {
        case 'text-delta':
          text += part.delta;
          break;
        case 'reasoning-delta':
          reasoning += part.delta;
          break;
        case 'tool-call':
          toolCalls.push(part);
          break;
        case 'tool-input-start':
        case 'tool-input-delta':
          break;
        case 'finish':
          finish = {
            reason: part.finishReason.unified === 'interrupted' ? 'error' : part.finishReason.unified,
            raw: part.finishReason.raw,
            usage: part.usage,
          };
          return false;
        default:
          return false;
      }
      const first = !contentStarted;
      contentStarted = true;
      return first;
    },
    get contentStarted() {
      return contentStarted;
    },
    get text() {
      return text;
    },
    get hasToolCalls() {
      return toolCalls.length > 0;
    },
    get finish() {
      return finish;
    },
    content(): LanguageModelV4Content[] {
      const content: LanguageModelV4Content[] = [];
      if (reasoning) content.push({ type: 'reasoning', text: reasoning });
      if (text) content.push({ type: 'text', text });
      content.push(...toolCalls);
      return content;
    },
  };
}

export type StreamAccumulator = ReturnType<typeof createStreamAccumulator>;
