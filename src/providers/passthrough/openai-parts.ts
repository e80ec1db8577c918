import type {
  LanguageModelV4FinishReason,
  LanguageModelV4StreamPart,
  LanguageModelV4Usage,
} from '@ai-sdk/provider';
import { isRecord } from '../upstream-error-details.js';

interface PendingTool {
  id: string;
  name: string;
  arguments: string;
}

/**
 * Turns OpenAI chat-completion chunks (or one whole completion) into AI SDK stream parts — the same parts
 * the maintained provider emits, so the executor treats both paths alike.
 */
export function createOpenAIPartMapper() {
  let textStarted = false;
  let reasoningStarted = false;
  const tools = new Map<number, PendingTool>();
  let finishReason: string | undefined;
  let usage: { prompt_tokens?: number; completion_tokens?: number } | undefined;

  const mapChoice = (choice: Record<string, unknown>, parts: LanguageModelV4StreamPart[], whole: boolean) => {
    const delta = (whole ? choice.message : choice.delta) as Record<string, unknown> | undefined;
    if (delta) {
      const reasoning = delta.reasoning_content ?? delta.reasoning;
      if (typeof reasoning === 'string' && reasoning) {
        if (!reasoningStarted) parts.push({ type: 'reasoning-start', id: 'reasoning-0' });
        reasoningStarted = true;
        parts.push({ type: 'reasoning-delta', id: 'reasoning-0', delta: reasoning });
      }
      if (typeof delta.content === 'string' && delta.content) {
        if (!textStarted) parts.push({ type: 'text-start', id: 'text-0' });
        textStarted = true;
        parts.push({ type: 'text-delta', id: 'text-0', delta: delta.content });
      }
      if (Array.isArray(delta.tool_calls)) {
        for (const [position, call] of delta.tool_calls.entries())
          mapToolCall(call, whole ? position : undefined, parts);
      }
    }
    if (typeof choice.finish_reason === 'string') finishReason = choice.finish_reason;
  };

  const mapToolCall = (call: unknown, position: number | undefined, parts: LanguageModelV4StreamPart[]) => {
    if (!isRecord(call)) return;
    const index = typeof call.index === 'number' ? call.index : (position ?? tools.size);
    const fn = isRecord(call.function) ? call.function : {};
    let tool = tools.get(index);
    if (!tool) {
      tool = {
        id: typeof call.id === 'string' ? call.id : `call_${index}`,
        name: typeof fn.name === 'string' ? fn.name : '',
        arguments: '',
      };
      tools.set(index, tool);
      parts.push({ type: 'tool-input-start', id: tool.id, toolName: tool.name });
    }
    if (typeof fn.arguments === 'string' && fn.arguments) {
      tool.arguments += fn.arguments;
      parts.push({ type: 'tool-input-delta', id: tool.id, delta: fn.arguments });
    }
  };

  return {
    /** Parts for one parsed chunk (streaming) or one whole completion (`whole`). */
    map(value: unknown, whole = false): LanguageModelV4StreamPart[] {
      const parts: LanguageModelV4StreamPart[] = [];
      if (!isRecord(value)) return parts;
      if (Array.isArray(value.choices))
        for (const choice of value.choices) if (isRecord(choice)) mapChoice(choice, parts, whole);
      if (isRecord(value.usage)) usage = value.usage as typeof usage;
      return parts;
    },
    get sawFinish(): boolean {
      return finishReason !== undefined;
    },
    /** Closing parts: ends open text, completes tool calls, and the finish with usage. */
    finish(complete: boolean): LanguageModelV4StreamPart[] {
      const parts: LanguageModelV4StreamPart[] = [];
      if (reasoningStarted) parts.push({ type: 'reasoning-end', id: 'reasoning-0' });
      if (textStarted) parts.push({ type: 'text-end', id: 'text-0' });
      for (const tool of tools.values()) {
        parts.push({ type: 'tool-input-end', id: tool.id });
        parts.push({
          type: 'tool-call',
          toolCallId: tool.id,
          toolName: tool.name,
          input: tool.arguments || '{}',
        });
      }
      parts.push({
        type: 'finish',
        finishReason: toFinishReason(complete ? finishReason : undefined, complete),
        usage: toUsage(usage),
      });
      return parts;
    },
  };
}

function toFinishReason(raw: string | undefined, complete: boolean): LanguageModelV4FinishReason {
  if (!complete || raw === undefined) return { unified: complete ? 'other' : 'interrupted', raw };
  const unified =
    raw === 'stop'
      ? 'stop'
      : raw === 'length'
        ? 'length'
        : raw === 'tool_calls' || raw === 'function_call'
          ? 'tool-calls'
          : raw === 'content_filter'
            ? 'content-filter'
            : 'other';
  return { unified, raw };
}

function toUsage(
  usage: { prompt_tokens?: number; completion_tokens?: number } | undefined,
): LanguageModelV4Usage {
  return {
    inputTokens: {
      total: usage?.prompt_tokens,
      noCache: undefined,
      cacheRead: undefined,
      cacheWrite: undefined,
    },
    outputTokens: { total: usage?.completion_tokens, text: undefined, reasoning: undefined },
  };
}
