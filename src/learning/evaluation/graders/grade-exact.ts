import type { Grader } from '../suite/suite-schema.js';
import type { CandidateAnswer, GradeResult } from './grade-types.js';
import { normalizeAnswer } from './normalize-answer.js';

type ExactGrader = Extract<Grader, { type: 'exact' }>;

/** Whole-answer match after normalisation (whitespace, wrapping quotes, a trailing period, case). */
export function gradeExact(grader: ExactGrader, answer: CandidateAnswer): GradeResult {
  const got = normalizeAnswer(answer.text, grader.caseSensitive);
  const want = normalizeAnswer(grader.expected, grader.caseSensitive);
  const pass = got === want;
  return {
    grader: 'exact',
    score: pass ? 1 : 0,
    weight: grader.weight,
    detail: pass
      ? `matches "${grader.expected}"`
      : `expected "${grader.expected}", got "${preview(answer.text)}"`,
    costUsd: 0,
  };
}

export function preview(text: string, length = 80): string {
  const flat = text.trim().replace(/\s+/g, ' ');
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat;
}
