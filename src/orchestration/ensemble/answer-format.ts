import type { AnswerFormat } from './ensemble-types.js';

const OPTION_LINE = /^\s*\(?([A-J])[).:]\s+(.+?)\s*$/;
// Options further from the end than this belong to an example, not to the question being asked.
const MAX_LINES_AFTER_OPTIONS = 4;
const YES_NO_START =
  /^(is|are|was|were|does|do|did|can|could|will|would|should|has|have|had|must|may)\b[^?]*\?\s*$/i;
const ARITHMETIC = /\d\s*[-+*/×÷^x]\s*\(?\d/;
const NUMBER_QUESTION =
  /\b(how (many|much|long|old|far)|what is the (sum|product|value|total|number)|calculate|compute|evaluate|solve for)\b/i;
const SHORT_QUESTION = /^(who|which|what|when|where)\b[^?]{0,80}\?\s*$/i;

/**
 * The answer form a question expects, read from its last question: lettered options (the last block, so few-shot
 * examples before it do not count), a yes/no or true/false question, a number, a short fact, or free text.
 */
export function detectAnswerFormat(question: string, taskType?: string): AnswerFormat {
  const choice = lastOptionBlock(question);
  if (choice) return choice;
  if (taskType === 'code' || taskType === 'creative') return { kind: 'free' };
  const lastLines = question.trim().split('\n').slice(-3).join(' ').trim();
  const lastSentence = lastLines.split(/(?<=[.!])\s+/).at(-1) ?? lastLines;
  if (/\b(true or false|yes or no)\b/i.test(lastLines) || YES_NO_START.test(lastSentence))
    return { kind: 'boolean' };
  if (taskType === 'math' || NUMBER_QUESTION.test(lastSentence) || ARITHMETIC.test(lastSentence))
    return { kind: 'number' };
  if (SHORT_QUESTION.test(lastSentence) && !/\b(why|how|explain|describe)\b/i.test(lastSentence))
    return { kind: 'short' };
  return { kind: 'free' };
}

/** The last run of consecutive lettered option lines starting at A (at least two). */
function lastOptionBlock(question: string): AnswerFormat | undefined {
  const lines = question.split('\n');
  for (let end = lines.length - 1; end >= 0; end -= 1) {
    const match = OPTION_LINE.exec(lines[end] ?? '');
    if (!match) continue;
    const after = lines.slice(end + 1).filter((line) => line.trim() !== '').length;
    if (after > MAX_LINES_AFTER_OPTIONS) return undefined;
    // Walk up from the last option line while labels descend to A.
    const block: [string, string][] = [];
    let index = end;
    let expected = match[1]!.charCodeAt(0);
    while (index >= 0) {
      const line = OPTION_LINE.exec(lines[index] ?? '');
      if (!line || line[1]!.charCodeAt(0) !== expected) break;
      block.unshift([line[1]!, line[2]!]);
      if (expected === 65) break;
      expected -= 1;
      index -= 1;
    }
    if (block.length >= 2 && block[0]![0] === 'A')
      return {
        kind: 'choice',
        labels: block.map(([label]) => label),
        options: Object.fromEntries(block),
      };
    return undefined;
  }
  return undefined;
}
