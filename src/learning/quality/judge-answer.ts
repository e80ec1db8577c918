import type { ChatRequest, ChatResult } from '../../core/chat-request.js';
import { ConclaveError } from '../../core/conclave-error.js';
import type { StoredMessage } from '../training-store.js';

export interface JudgeOptions {
  generate(request: ChatRequest): Promise<ChatResult>;
  model: string;
  /** Conversation and answer are cut to this many characters each. */
  maxChars: number;
  /** The id of the answer being judged: the judge call is recorded as its child, not as a user request. */
  parentId?: string;
}

const SYSTEM = [
  'You grade answers given by an AI assistant. Judge correctness first, then helpfulness, completeness and',
  'clarity. A wrong or harmful answer scores at most 3. Reply with the score only: a number from 0 to 10.',
].join(' ');

/** Asks the configured judge model for a 0..1 score of one answer. */
export async function judgeAnswer(
  messages: StoredMessage[],
  answer: string,
  options: JudgeOptions,
): Promise<{ score: number; model: string; costUsd: number }> {
  const conversation = messages
    .map((message) => `${message.role.toUpperCase()}: ${message.content}`)
    .join('\n\n');
  const result = await options.generate({
    model: options.model,
    prompt: [
      { role: 'system', content: SYSTEM },
      {
        role: 'user',
        content: [
          {
            type: 'text',
            text: `Conversation:\n${clip(conversation, options.maxChars)}\n\nAnswer to grade:\n${clip(answer, options.maxChars)}\n\nScore (0-10):`,
          },
        ],
      },
    ],
    options: { temperature: 0, maxOutputTokens: 8 },
    parentId: options.parentId,
  });
  return { score: parseScore(result.text, options.model), model: result.model, costUsd: result.costUsd };
}

/** "8", "8/10", "Score: 7.5" → 0.8, 0.8, 0.75. */
export function parseScore(text: string, model: string): number {
  const match = /(\d+(?:\.\d+)?)/.exec(text);
  const value = match ? Number(match[1]) : Number.NaN;
  if (!Number.isFinite(value) || value < 0 || value > 10) {
    throw new ConclaveError('upstream', `The judge model ${model} did not reply with a score from 0 to 10.`, {
      model,
      retryable: false,
      hint: 'Choose a stronger judge (learning.judge.model) that follows short instructions.',
    });
  }
  return Math.round(value * 100) / 1000;
}

function clip(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${text.slice(0, maxChars)}\n[… cut]`;
}
