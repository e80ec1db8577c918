import type { Grader } from '../suite/suite-schema.js';
import { gradeCodeTests } from './grade-code-tests.js';
import { gradeContains } from './grade-contains.js';
import { gradeExact } from './grade-exact.js';
import { gradeJsonSchema } from './grade-json-schema.js';
import { gradeJudge } from './grade-judge.js';
import { gradeNumeric } from './grade-numeric.js';
import { gradePairwise } from './grade-pairwise.js';
import { gradeRegex } from './grade-regex.js';
import { gradeToolCall } from './grade-tool-call.js';
import type { GradeContext, GradeResult } from './grade-types.js';

export interface GradedAnswer {
  /** Weighted mean of the graders' scores, 0..1. */
  quality: number;
  grades: GradeResult[];
  /** USD spent on judge calls. */
  costUsd: number;
}

/** Runs every grader of the task; a GradingError from any of them fails the whole grading. */
export async function gradeAnswer(context: GradeContext): Promise<GradedAnswer> {
  const grades = await Promise.all(context.task.graders.map((grader) => gradeOne(grader, context)));
  const totalWeight = grades.reduce((sum, grade) => sum + grade.weight, 0);
  const quality = grades.reduce((sum, grade) => sum + grade.score * grade.weight, 0) / totalWeight;
  return {
    quality: Math.round(quality * 10_000) / 10_000,
    grades,
    costUsd: grades.reduce((sum, grade) => sum + grade.costUsd, 0),
  };
}

function gradeOne(grader: Grader, context: GradeContext): GradeResult | Promise<GradeResult> {
  switch (grader.type) {
    case 'exact':
      return gradeExact(grader, context.answer);
    case 'regex':
      return gradeRegex(grader, context.answer);
    case 'contains':
      return gradeContains(grader, context.answer);
    case 'numeric':
      return gradeNumeric(grader, context.answer);
    case 'json-schema':
      return gradeJsonSchema(grader, context.answer);
    case 'tool-call':
      return gradeToolCall(grader, context.answer);
    case 'code-tests':
      return gradeCodeTests(grader, context);
    case 'judge':
      return gradeJudge(grader, context);
    case 'pairwise':
      return gradePairwise(grader, context);
  }
}
