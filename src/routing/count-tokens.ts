import { createRequire } from 'node:module';
import type { LanguageModelV4Prompt } from '@ai-sdk/provider';

const require = createRequire(import.meta.url);
let tokenizer: typeof import('gpt-tokenizer') | undefined;
/** Loaded on first exact count: its BPE tables take ~70 MB, and most decisions never need them. */
const countBpeTokens = (text: string): number => {
  tokenizer ??= require('gpt-tokenizer') as typeof import('gpt-tokenizer');
  return tokenizer.countTokens(text);
};

/** Per-message framing tokens (role markers) that chat templates add around each message. */
const MESSAGE_OVERHEAD = 4;

/**
 * Counts prompt tokens with a real BPE tokenizer (o200k). Other model families tokenize differently, so the
 * router keeps a safety margin when comparing against context windows.
 */
export function countPromptTokens(prompt: LanguageModelV4Prompt): number {
  let total = 2;
  for (const message of prompt) {
    total += MESSAGE_OVERHEAD;
    if (message.role === 'system') {
      total += countText(message.content);
      continue;
    }
    for (const part of message.content) {
      if (part.type === 'text' || part.type === 'reasoning') total += countText(part.text);
      else if (part.type === 'file')
        total += 765; // an image tile, as OpenAI bills a high-detail 512px tile
      else if (part.type === 'tool-call') total += countText(JSON.stringify(part.input));
      else if (part.type === 'tool-result') total += countText(JSON.stringify(part.output));
    }
  }
  return total;
}

export function countText(text: string): number {
  return text.length === 0 ? 0 : countBpeTokens(text);
}

/**
 * Tokens never outnumber UTF-8 bytes, so when even the byte count fits every candidate's context window
 * the exact BPE count cannot change the decision: the router then uses bytes / 4 (a typical ratio) for
 * cost estimates and skips tokenizing. Near a limit it counts exactly.
 */
export function promptTokensFor(
  prompt: LanguageModelV4Prompt,
  smallestContextWindow: number,
  outputTokens: number,
): { tokens: number; exact: boolean } {
  let bytes = 0;
  for (const message of prompt) {
    if (message.role === 'system') bytes += Buffer.byteLength(message.content) + 16;
    else
      for (const part of message.content)
        bytes +=
          part.type === 'text' || part.type === 'reasoning' ? Buffer.byteLength(part.text) + 16 : 4_000;
  }
  if (bytes + outputTokens <= smallestContextWindow)
    return { tokens: Math.ceil(bytes / 4) + 2, exact: false };
  return { tokens: countPromptTokens(prompt), exact: true };
}
