import { extractFencedBlocks } from './extract-fenced-blocks.js';

export type ExtractedJson = { ok: true; value: unknown } | { ok: false; reason: string };

/**
 * The JSON value in an answer: a ```json block, else the whole answer, else the outermost {…} or […]
 * span (models often wrap JSON in a sentence).
 */
export function extractJson(text: string): ExtractedJson {
  const blocks = extractFencedBlocks(text);
  const candidates = [
    ...blocks.filter((block) => block.language === 'json').map((block) => block.code),
    ...blocks.filter((block) => block.language === '').map((block) => block.code),
    text,
    span(text, '{', '}'),
    span(text, '[', ']'),
  ].filter((candidate): candidate is string => candidate !== undefined && candidate.trim() !== '');
  let firstError = 'the answer is empty';
  for (const candidate of candidates) {
    try {
      return { ok: true, value: JSON.parse(candidate) };
    } catch (error) {
      if (candidate === text) firstError = (error as Error).message;
    }
  }
  return { ok: false, reason: `no valid JSON in the answer (${firstError})` };
}

function span(text: string, open: string, close: string): string | undefined {
  const start = text.indexOf(open);
  const end = text.lastIndexOf(close);
  return start >= 0 && end > start ? text.slice(start, end + 1) : undefined;
}
