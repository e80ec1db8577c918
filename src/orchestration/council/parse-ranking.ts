import type { RankingMethod } from './council-run.js';

export interface ParsedRanking {
  method: RankingMethod;
  /** Labels best first; complete for "strict", possibly partial for "fallback", empty for "unparsed". */
  labels: string[];
}

const STRICT_HEADER = /final\s+ranking\s*:/gi;
const LOOSE_HEADER = /ranking\s*[:\-–]/gi;
const STRICT_LINE = /^\s*(\d+)[.)]\s*Response\s+([A-Z])\s*$/;
const MENTION = /\bResponse\s+([A-Z])\b/g;
const NUMBERED_LINE = /^\s*\**\s*\d+[.)]\s*(.*)$/gm;
// A bare label must stand alone ("1. B", "2. C - weaker"), so "1. A good answer" is not label A.
const BARE_LABEL = /^\**\s*([A-Z])\**\s*(?:$|[.,:;)\-–—])/;

/**
 * Reads the ranking at the end of a review. Strict: after the last "FINAL RANKING:" header, one numbered line
 * "N. Response X" per label, numbered 1..n, each label exactly once. When a reviewer strays from the format,
 * the tolerant fallback reads the labels in order after the last "ranking:" header, or — with no header — from
 * the numbered lines; a ranking with no valid label is "unparsed" and does not count.
 */
export function parseRanking(text: string, validLabels: readonly string[]): ParsedRanking {
  const valid = new Set(validLabels);
  const strictSection = after(text, STRICT_HEADER);
  if (strictSection !== undefined) {
    const strict = parseStrict(strictSection, valid);
    if (strict) return { method: 'strict', labels: strict };
  }
  const looseSection = after(text, LOOSE_HEADER);
  const labels =
    looseSection === undefined ? numberedLabels(text, valid) : mentionedLabels(looseSection, valid);
  return labels.length > 0 ? { method: 'fallback', labels } : { method: 'unparsed', labels: [] };
}

function after(text: string, header: RegExp): string | undefined {
  const last = [...text.matchAll(header)].at(-1);
  return last === undefined ? undefined : text.slice(last.index + last[0].length);
}

function parseStrict(section: string, valid: Set<string>): string[] | undefined {
  const lines = section
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  if (lines.length !== valid.size) return undefined;
  const labels: string[] = [];
  for (const [index, line] of lines.entries()) {
    const match = STRICT_LINE.exec(line);
    if (!match || Number(match[1]) !== index + 1) return undefined;
    const label = match[2]!;
    if (!valid.has(label) || labels.includes(label)) return undefined;
    labels.push(label);
  }
  return labels;
}

/** "Response X" mentions in order, else numbered lines starting with a bare label ("1. B"). */
function mentionedLabels(section: string, valid: Set<string>): string[] {
  const mentions = [...section.matchAll(MENTION)].map((match) => match[1]!);
  return unique(mentions.length > 0 ? mentions : bareNumbered(section), valid);
}

function numberedLabels(text: string, valid: Set<string>): string[] {
  const lines = [...text.matchAll(NUMBERED_LINE)].map((match) => match[1]!);
  const labels = lines.flatMap((line) => {
    const mention = /\bResponse\s+([A-Z])\b/.exec(line)?.[1] ?? BARE_LABEL.exec(line)?.[1];
    return mention === undefined ? [] : [mention];
  });
  return unique(labels, valid);
}

function bareNumbered(section: string): string[] {
  return [...section.matchAll(NUMBERED_LINE)].flatMap((match) => {
    const label = BARE_LABEL.exec(match[1]!)?.[1];
    return label === undefined ? [] : [label];
  });
}

function unique(labels: string[], valid: Set<string>): string[] {
  const result: string[] = [];
  for (const label of labels) if (valid.has(label) && !result.includes(label)) result.push(label);
  return result;
}
