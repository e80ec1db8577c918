import { isDeepStrictEqual } from 'node:util';
import type { Grader } from '../suite/suite-schema.js';
import type { CandidateAnswer, GradeResult } from './grade-types.js';

type ToolCallGrader = Extract<Grader, { type: 'tool-call' }>;

/** The model called the named tool, with (at least) the expected arguments. */
export function gradeToolCall(grader: ToolCallGrader, answer: CandidateAnswer): GradeResult {
  const result = (score: number, detail: string): GradeResult => ({
    grader: 'tool-call',
    score,
    weight: grader.weight,
    detail,
    costUsd: 0,
  });
  const calls = answer.toolCalls.filter((call) => call.name === grader.name);
  if (calls.length === 0)
    return result(
      0,
      answer.toolCalls.length === 0
        ? `no tool call (expected ${grader.name})`
        : `called ${answer.toolCalls.map((call) => call.name).join(', ')} instead of ${grader.name}`,
    );
  const expected = grader.arguments ?? {};
  const mismatches = (call: { arguments: unknown }) =>
    Object.entries(expected)
      .filter(([key, value]) => !isDeepStrictEqual((call.arguments as Record<string, unknown>)?.[key], value))
      .map(([key]) => key);
  const best = calls
    .map((call) => ({ call, wrong: mismatches(call) }))
    .sort((a, b) => a.wrong.length - b.wrong.length)[0]!;
  if (best.wrong.length === 0) return result(1, `called ${grader.name} with the expected arguments`);
  const got = best.call.arguments as Record<string, unknown> | undefined;
  return result(
    0,
    `called ${grader.name}, but ${best.wrong
      .map((key) => `${key} = ${JSON.stringify(got?.[key])} (expected ${JSON.stringify(expected[key])})`)
      .join(', ')}`,
  );
}
