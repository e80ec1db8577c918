import type { LanguageModelV4Prompt } from '@ai-sdk/provider';

/** The text of the last user message (what the request is about) and of the whole prompt. */
export function promptText(prompt: LanguageModelV4Prompt): {
  lastUser: string;
  all: string;
  hasImage: boolean;
} {
  let lastUser = '';
  let hasImage = false;
  const parts: string[] = [];
  for (const message of prompt) {
    if (message.role === 'system') {
      parts.push(message.content);
      continue;
    }
    let text = '';
    for (const part of message.content) {
      if (part.type === 'text') text += part.text;
      else if (part.type === 'file' && part.mediaType.startsWith('image/')) hasImage = true;
    }
    parts.push(text);
    if (message.role === 'user') lastUser = text;
  }
  return { lastUser, all: parts.join('\n'), hasImage };
}
