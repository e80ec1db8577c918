import type { AnswerFormat, ExtractedAnswer } from './ensemble-types.js';

const NUMBER_WORDS = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
  'twenty',
];
const EXPLICIT = /\b(?:final answer|correct answer|the answer|answer)\s*(?:is|:|=)?\s*[:-]?\s*/gi;
const NUMBER = /-?\$?\d[\d,]*(?:\.\d+)?(?:\s*\/\s*\d+)?%?/g;
const MAX_SHORT_WORDS = 8;

/**
 * Pulls a closed-form answer out of a response and normalises it ("(b)" → "B", "1,000.0" → "1000",
 * "Yes." → "true", "The Paris." → "paris"). Undefined when the response gives no clear answer of that form.
 */
export function extractAnswer(text: string, format: AnswerFormat): ExtractedAnswer | undefined {
  const cleaned = text.replace(/\*\*|__|`/g, '').trim();
  if (cleaned === '') return undefined;
  switch (format.kind) {
    case 'choice': {
      const value = extractChoice(cleaned, format);
      return value ? { kind: 'choice', value } : undefined;
    }
    case 'number': {
      const value = extractNumber(cleaned);
      return value === undefined ? undefined : { kind: 'number', value };
    }
    case 'boolean': {
      const value = extractBoolean(cleaned);
      return value === undefined ? undefined : { kind: 'boolean', value };
    }
    case 'short': {
      const value = extractShort(cleaned);
      return value ? { kind: 'short', value } : undefined;
    }
    case 'free':
      return undefined;
  }
}

function extractChoice(text: string, format: Extract<AnswerFormat, { kind: 'choice' }>): string | undefined {
  const valid = (label: string | undefined) =>
    label && format.labels.includes(label.toUpperCase()) ? label.toUpperCase() : undefined;
  const bare = /^\(?([A-Ja-j])\)?[.):]?$/.exec(text);
  if (bare) return valid(bare[1]);
  for (const match of text.matchAll(EXPLICIT)) {
    const after = text.slice((match.index ?? 0) + match[0].length);
    const label = /^(?:option|choice)?\s*\(?([A-J])\)?(?![A-Za-z])/.exec(after);
    if (label) return valid(label[1]);
  }
  const leading = /^\(?([A-J])(?:\)|[.:]|\s*$|\s*\n)/.exec(text);
  if (leading) return valid(leading[1]);
  const optionWord = /\b(?:option|choice)\s*\(?([A-J])\)?(?![A-Za-z])/i.exec(text);
  if (optionWord) return valid(optionWord[1]);
  return matchOptionText(text, format.options);
}

/** A response that names exactly one option's text ("Randy", "wet palms") picks that option. */
function matchOptionText(text: string, options: Record<string, string>): string | undefined {
  const normalizedText = normalizeWords(text);
  const exact = Object.entries(options).find(([, option]) => normalizeWords(option) === normalizedText);
  if (exact) return exact[0];
  const contained = Object.entries(options).filter(([, option]) => {
    const normalized = normalizeWords(option);
    return normalized !== '' && ` ${normalizedText} `.includes(` ${normalized} `);
  });
  return contained.length === 1 ? contained[0]![0] : undefined;
}

function extractNumber(text: string): string | undefined {
  const marked = /####\s*(.+)$/m.exec(text)?.[1];
  const explicit = [...text.matchAll(EXPLICIT)].at(-1);
  const scope =
    marked ?? (explicit ? text.slice((explicit.index ?? 0) + explicit[0].length) : undefined) ?? text;
  const numbers = scope.match(NUMBER);
  const candidate = explicit || marked ? numbers?.[0] : numbers?.at(-1);
  if (candidate) return normalizeNumber(candidate);
  const word = NUMBER_WORDS.findIndex((name) => new RegExp(`^${name}\\b`, 'i').test(scope.trim()));
  return word >= 0 ? String(word) : undefined;
}

export function normalizeNumber(raw: string): string | undefined {
  const compact = raw.replace(/[$,\s]/g, '').replace(/%$/, '');
  const fraction = /^(-?\d+(?:\.\d+)?)\/(\d+(?:\.\d+)?)$/.exec(compact);
  const value = fraction ? Number(fraction[1]) / Number(fraction[2]) : Number(compact);
  if (!Number.isFinite(value)) return undefined;
  return String(Number(value.toPrecision(10)));
}

function extractBoolean(text: string): string | undefined {
  const explicit = [...text.matchAll(EXPLICIT)].at(0);
  const scope = explicit ? text.slice((explicit.index ?? 0) + explicit[0].length) : text;
  const first = /^\W*(yes|no|true|false|correct|incorrect)\b/i.exec(scope)?.[1]?.toLowerCase();
  if (first) return ['yes', 'true', 'correct'].includes(first) ? 'true' : 'false';
  const sentence = scope.split(/(?<=[.!?])\s/)[0] ?? scope;
  const yes = /\b(yes|true)\b/i.test(sentence);
  const no = /\b(no|not|false)\b/i.test(sentence);
  if (yes !== no) return yes ? 'true' : 'false';
  return undefined;
}

function extractShort(text: string): string | undefined {
  const explicit = [...text.matchAll(EXPLICIT)].at(-1);
  const scope = explicit ? text.slice((explicit.index ?? 0) + explicit[0].length) : text;
  const firstLine = (scope.split('\n').find((line) => line.trim() !== '') ?? '').trim();
  const sentence = firstLine.split(/(?<=[.!?])\s/)[0] ?? firstLine;
  const value = normalizeWords(sentence).replace(/^(a|an|the)\s+/, '');
  if (value === '' || value.split(' ').length > MAX_SHORT_WORDS) return undefined;
  return value;
}

/** Lower case, punctuation and quotes dropped, whitespace collapsed. */
export function normalizeWords(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\p{L}\p{N}\s.-]/gu, ' ')
    .replace(/(?<!\d)\.|\.(?!\d)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
