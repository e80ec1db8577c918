import { focusPrompt } from './prompt-focus.js';

/**
 * Dense "shape" features that TF-IDF loses by normalising: how long the question is, how many
 * quantities and steps it holds, whether it carries code. Longer, number-heavy questions are where
 * weaker models fail first (single-feature APGR of length on GSM8K train ≈ 0.61).
 */
export const SHAPE_FEATURE_NAMES = [
  'log-characters',
  'log-words',
  'log-sentences',
  'log-numbers',
  'log-distinct-numbers',
  'log-largest-number',
  'log-lines',
  'option-lines',
  'fraction-words',
  'percent',
  'decimal',
  'code-markers',
  'log-whole-characters',
] as const;

const NUMBER_PATTERN = /\d[\d,]*(?:\.\d+)?/g;

export function extractShapeFeatures(prompt: string, focused?: string): number[] {
  const focus = focused ?? focusPrompt(prompt);
  const numbers = focus.match(NUMBER_PATTERN) ?? [];
  const largest = numbers.reduce((best, text) => Math.max(best, Number(text.replace(/,/g, '')) || 0), 0);
  const words = focus.split(/\s+/).filter((word) => word !== '').length;
  const sentences = focus.split(/[.?!](?:\s|$)/).filter((sentence) => sentence.trim() !== '').length;
  return [
    Math.log1p(focus.length),
    Math.log1p(words),
    Math.log1p(sentences),
    Math.log1p(numbers.length),
    Math.log1p(new Set(numbers).size),
    Math.log1p(Math.min(largest, 1e12)),
    Math.log1p(focus.split('\n').length),
    (focus.match(/^\s*[A-E][.)]\s/gm) ?? []).length,
    /\d\/\d|\b(half|third|quarter|twice|double|triple)\b/i.test(focus) ? 1 : 0,
    /%|\bpercent/i.test(focus) ? 1 : 0,
    /\d\.\d/.test(focus) ? 1 : 0,
    /\bdef |\breturn\b|```|[{};]\s*$/m.test(focus) ? 1 : 0,
    Math.log1p(prompt.length),
  ];
}
