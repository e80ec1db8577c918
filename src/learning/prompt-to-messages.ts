import { z } from 'zod';
import type { StoredMessage, StoredToolCall } from './training-store.js';

const part = z.looseObject({ type: z.string() });
const loggedMessage = z.union([
  z.looseObject({ role: z.literal('system'), content: z.string() }),
  z.looseObject({ role: z.enum(['user', 'assistant', 'tool']), content: z.array(part) }),
]);
const loggedPrompt = z.array(loggedMessage);

/**
 * A prompt as the request log stores it (AI SDK `LanguageModelV4Prompt`, secrets already redacted) → the
 * plain chat messages training data is made of. Files and images are left out (a text-only dataset), tool
 * calls and results are kept. Returns undefined when the stored value is not a prompt.
 */
export function promptToMessages(prompt: unknown): StoredMessage[] | undefined {
  const parsed = loggedPrompt.safeParse(prompt);
  if (!parsed.success) return undefined;
  const messages: StoredMessage[] = [];
  for (const message of parsed.data) {
    if (message.role === 'system') {
      messages.push({ role: 'system', content: message.content });
      continue;
    }
    if (message.role === 'tool') {
      for (const result of message.content) {
        if (result.type !== 'tool-result') continue;
        messages.push({
          role: 'tool',
          toolCallId: String(result.toolCallId ?? ''),
          content: toolOutputText(result.output),
        });
      }
      continue;
    }
    const text = message.content
      .filter((content) => content.type === 'text')
      .map((content) => String(content.text ?? ''))
      .join('\n');
    const toolCalls: StoredToolCall[] = message.content
      .filter((content) => content.type === 'tool-call')
      .map((call) => ({
        id: String(call.toolCallId ?? ''),
        name: String(call.toolName ?? ''),
        arguments: typeof call.input === 'string' ? call.input : JSON.stringify(call.input ?? {}),
      }));
    if (message.role === 'assistant' && toolCalls.length > 0)
      messages.push({ role: 'assistant', content: text, toolCalls });
    else if (text !== '') messages.push({ role: message.role, content: text });
  }
  return messages;
}

function toolOutputText(output: unknown): string {
  const parsed = z.looseObject({ type: z.string(), value: z.unknown().optional() }).safeParse(output);
  if (!parsed.success) return JSON.stringify(output ?? null);
  const { type, value } = parsed.data;
  if (type === 'text' || type === 'error-text') return String(value ?? '');
  if (type === 'execution-denied') return 'The tool call was denied.';
  return JSON.stringify(value ?? null);
}
