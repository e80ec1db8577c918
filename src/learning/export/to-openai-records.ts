import type { StoredMessage } from '../training-store.js';
import type { ExampleRecord, PairRecord } from './select-training-data.js';

/** An OpenAI chat message as fine-tuning files carry it. */
export type OpenAIMessage =
  | { role: 'system' | 'user'; content: string }
  | {
      role: 'assistant';
      content?: string;
      tool_calls?: { id: string; type: 'function'; function: { name: string; arguments: string } }[];
      weight?: 0 | 1;
    }
  | { role: 'tool'; tool_call_id: string; content: string };

export type OpenAITool = {
  type: 'function';
  function: { name: string; description?: string; parameters?: unknown };
};

/**
 * Supervised chat format. Earlier assistant turns get weight 0: they are context the model did not
 * necessarily get right; only the collected (high-quality) answer is trained on.
 */
export function toOpenAIChat(record: ExampleRecord): unknown {
  const tools = toOpenAITools(record.tools);
  return {
    messages: [
      ...record.messages.map((message) => toOpenAIMessage(message, 0)),
      { role: 'assistant', content: record.response, weight: 1 },
    ],
    ...(tools ? { tools } : {}),
  };
}

/** Preference (DPO) format: the conversation up to the answer, then the preferred and the other answer. */
export function toOpenAIPreference(record: PairRecord): unknown {
  return {
    input: { messages: record.messages.map((message) => toOpenAIMessage(message)) },
    preferred_output: [{ role: 'assistant', content: record.chosen }],
    non_preferred_output: [{ role: 'assistant', content: record.rejected }],
  };
}

export function toOpenAIMessage(message: StoredMessage, assistantWeight?: 0 | 1): OpenAIMessage {
  if (message.role === 'tool')
    return { role: 'tool', tool_call_id: message.toolCallId ?? '', content: message.content };
  if (message.role !== 'assistant') return { role: message.role, content: message.content };
  return {
    role: 'assistant',
    ...(message.content !== '' || !message.toolCalls ? { content: message.content } : {}),
    ...(message.toolCalls
      ? {
          tool_calls: message.toolCalls.map((call) => ({
            id: call.id,
            type: 'function' as const,
            function: { name: call.name, arguments: call.arguments },
          })),
        }
      : {}),
    ...(assistantWeight === undefined ? {} : { weight: assistantWeight }),
  };
}

/**
 * Tool definitions in OpenAI's shape, from what the example stored: OpenAI tools as they are, AI SDK
 * function tools (`name` + `inputSchema`) converted. Anything else is dropped rather than guessed.
 */
export function toOpenAITools(tools: unknown[] | undefined): OpenAITool[] | undefined {
  if (!tools || tools.length === 0) return undefined;
  const converted: OpenAITool[] = [];
  for (const tool of tools) {
    if (typeof tool !== 'object' || tool === null) continue;
    const value = tool as Record<string, unknown>;
    const inner = value.function;
    if (
      typeof inner === 'object' &&
      inner !== null &&
      typeof (inner as Record<string, unknown>).name === 'string'
    ) {
      const fn = inner as { name: string; description?: string; parameters?: unknown };
      converted.push({
        type: 'function',
        function: { name: fn.name, description: fn.description, parameters: fn.parameters },
      });
    } else if (typeof value.name === 'string') {
      converted.push({
        type: 'function',
        function: {
          name: value.name,
          ...(typeof value.description === 'string' ? { description: value.description } : {}),
          parameters: value.inputSchema ?? value.parameters ?? { type: 'object', properties: {} },
        },
      });
    }
  }
  return converted.length > 0 ? converted : undefined;
}
