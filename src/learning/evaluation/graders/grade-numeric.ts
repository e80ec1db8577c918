import type { Grader } from '../suite/suite-schema.js';
import { preview } from './grade-exact.js';
import type { CandidateAnswer, GradeResult } from './grade-types.js';

type NumericGrader = Extract<Grader, { type: 'numeric' }>;

const NUMBER = /[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:e[-+]?\d+)?/gi;

/**
 * Compares the answer's number with the expected value. Without a pattern the last number in the answer
 * counts (models state the result last: "… so the answer is 18."); thousands separators are ignored.
 */
export function gradeNumeric(grader: NumericGrader, answer: CandidateAnswer): GradeResult {
  const value = extractNumber(answer.text, grader.pattern);
  const allowed = Math.max(grader.tolerance, grader.relativeTolerance * Math.abs(grader.expected));
  const result = (score: number, detail: string): GradeResult => ({
    grader: 'numeric',
    score,
    weight: grader.weight,
    detail,
    costUsd: 0,
  });
  if (value === undefined)
    return result(
      0,
      `no number found${grader.pattern ? ` for /${grader.pattern}/` : ''} in "${preview(answer.text)}"`,
    );
  const difference = Math.abs(value - grader.expected);
  return difference <= allowed
    ? result(1, `${value} is within ±${allowed} of ${grader.expected}`)
    : result(0, `${value} differs from ${grader.expected} by ${difference} (allowed ±${allowed})`);
}

export function extractNumber(text: string, pattern?: string): number | undefined {
  let source = text;
  if (pattern) {
    const match = new RegExp(pattern, 'i').exec(text);
    if (!match) return undefined;
    source = match[1] ?? match[0];
  }
  const numbers = source.match(NUMBER);
  const last = pattern ? numbers?.[0] : numbers?.[numbers.length - 1];
  if (!last) return undefined;
  const value = Number(last.replace(/,/g, '').replace('−', '-'));
  return Number.isFinite(value) ? value : undefined;
}
