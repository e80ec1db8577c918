import type { LanguageModelV4Prompt } from '@ai-sdk/provider';
import { z } from 'zod';
import { ConclaveError } from '../../core/conclave-error.js';
import { promptText } from '../../routing/classify/prompt-text.js';

/** Plain chat messages, as the brief's API takes them (`[{ role: 'user', content: '…' }]`). */
export interface PlainMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

const plainMessages = z
  .array(z.strictObject({ role: z.enum(['system', 'user', 'assistant']), content: z.string() }))
  .min(1);

/**
 * The ensemble's input as an AI SDK prompt: plain messages are converted, AI SDK prompts pass through. The last
 * message must be the user's question.
 */
export function toConversation(
  messages: readonly PlainMessage[] | LanguageModelV4Prompt,
): LanguageModelV4Prompt {
  const looksPlain = messages.every((message) => typeof message.content === 'string');
  let prompt: LanguageModelV4Prompt;
  if (looksPlain) {
    const parsed = plainMessages.safeParse(messages);
    if (!parsed.success)
      throw new ConclaveError(
        'bad-request',
        `Invalid messages: ${parsed.error.issues[0]?.message ?? 'expected [{ role, content }]'}.`,
        { param: 'messages', hint: 'Pass messages like [{ role: "user", content: "What is 2+2?" }].' },
      );
    prompt = parsed.data.map((message) =>
      message.role === 'system'
        ? { role: 'system', content: message.content }
        : { role: message.role, content: [{ type: 'text', text: message.content }] },
    );
  } else prompt = messages as LanguageModelV4Prompt;
  const last = prompt.at(-1);
  if (last?.role !== 'user' || promptText(prompt).lastUser.trim() === '')
    throw new ConclaveError(
      'bad-request',
      'An ensemble answers a question: the last message must be a non-empty user message.',
      {
        param: 'messages',
      },
    );
  return prompt;
}

/** The question as judges and aggregators see it: system instructions, then the last user message. */
export function questionOf(prompt: LanguageModelV4Prompt): string {
  const system = prompt
    .filter((message) => message.role === 'system')
    .map((message) => message.content)
    .join('\n\n');
  const question = promptText(prompt).lastUser;
  return system ? `${system}\n\n${question}` : question;
}
