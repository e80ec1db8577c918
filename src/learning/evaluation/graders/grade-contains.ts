import type { Grader } from '../suite/suite-schema.js';
import type { CandidateAnswer, GradeResult } from './grade-types.js';

type ContainsGrader = Extract<Grader, { type: 'contains' }>;

/** mode all: share of the values present (partial credit); mode any: 1 when at least one is present. */
export function gradeContains(grader: ContainsGrader, answer: CandidateAnswer): GradeResult {
  const haystack = grader.caseSensitive ? answer.text : answer.text.toLowerCase();
  const found = grader.values.filter((value) =>
    haystack.includes(grader.caseSensitive ? value : value.toLowerCase()),
  );
  const missing = grader.values.filter((value) => !found.includes(value));
  const score = grader.mode === 'any' ? (found.length > 0 ? 1 : 0) : found.length / grader.values.length;
  return {
    grader: 'contains',
    score,
    weight: grader.weight,
    detail:
      grader.mode === 'any'
        ? found.length > 0
          ? `contains "${found[0]}"`
          : `contains none of ${grader.values.map((value) => `"${value}"`).join(', ')}`
        : missing.length === 0
          ? `contains all ${grader.values.length} values`
          : `missing ${missing.map((value) => `"${value}"`).join(', ')}`,
    costUsd: 0,
  };
}
