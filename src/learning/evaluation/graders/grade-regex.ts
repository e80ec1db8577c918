import type { Grader } from '../suite/suite-schema.js';
import { preview } from './grade-exact.js';
import type { CandidateAnswer, GradeResult } from './grade-types.js';

type RegexGrader = Extract<Grader, { type: 'regex' }>;

export function gradeRegex(grader: RegexGrader, answer: CandidateAnswer): GradeResult {
  const match = new RegExp(grader.pattern, grader.flags).exec(answer.text);
  const pass = grader.negate ? match === null : match !== null;
  const shown = `/${grader.pattern}/${grader.flags}`;
  return {
    grader: 'regex',
    score: pass ? 1 : 0,
    weight: grader.weight,
    detail: grader.negate
      ? pass
        ? `does not match ${shown}`
        : `must not match ${shown} but contains "${preview(match?.[0] ?? '', 40)}"`
      : pass
        ? `matches ${shown} ("${preview(match?.[0] ?? '', 40)}")`
        : `no match for ${shown} in "${preview(answer.text)}"`,
    costUsd: 0,
  };
}
