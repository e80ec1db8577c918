import type { CandidateAnswer } from './grade-types.js';

export const JUDGE_SYSTEM =
  'You are a strict, fair grader of AI answers. Judge only against the rubric; ignore length and style unless the rubric asks for them. Reply with one JSON object and nothing else.';

export function answerText(answer: CandidateAnswer): string {
  const calls = answer.toolCalls.map((call) => `[tool call] ${call.name}(${JSON.stringify(call.arguments)})`);
  return [answer.text, ...calls].filter(Boolean).join('\n') || '(empty answer)';
}

export function scorePrompt(input: {
  task: string;
  rubric: string;
  reference?: string;
  answer: string;
  scale: number;
}): string {
  return [
    `## Task given to the assistant\n${input.task}`,
    `## Rubric\n${input.rubric}`,
    input.reference
      ? `## Reference answer (for comparison; other good answers exist)\n${input.reference}`
      : '',
    `## Answer to grade\n<answer>\n${input.answer}\n</answer>`,
    `Grade the answer from 1 (fails the rubric) to ${input.scale} (fully meets it). Reply with JSON only: {"score": <integer 1-${input.scale}>, "reason": "<one sentence>"}`,
  ]
    .filter(Boolean)
    .join('\n\n');
}

export function pairwisePrompt(input: {
  task: string;
  rubric: string;
  first: string;
  second: string;
}): string {
  return [
    `## Task given to the assistants\n${input.task}`,
    `## Rubric\n${input.rubric}`,
    `## Answer A\n<answer-a>\n${input.first}\n</answer-a>`,
    `## Answer B\n<answer-b>\n${input.second}\n</answer-b>`,
    'Which answer meets the rubric better? Reply with JSON only: {"winner": "A" | "B" | "tie", "reason": "<one sentence>"}',
  ].join('\n\n');
}
