import type { LanguageModelV4Prompt } from '@ai-sdk/provider';

export const JUDGE_SYSTEM_PROMPT =
  'You are an impartial judge of answers. Judge correctness first, then completeness and clarity. ' +
  'Ignore the order in which answers are shown and their length.';

const user = (text: string): LanguageModelV4Prompt[number] => ({
  role: 'user',
  content: [{ type: 'text', text }],
});

const cut = (text: string, maxChars: number) =>
  text.length > maxChars ? `${text.slice(0, maxChars)}\n[… cut at ${maxChars} characters]` : text;

/** Two answers side by side; the caller asks twice with the positions swapped to cancel position bias. */
export function pairwisePrompt(question: string, first: string, second: string, maxChars: number) {
  return [
    { role: 'system', content: JUDGE_SYSTEM_PROMPT },
    user(
      `Question:\n${cut(question, maxChars)}\n\n[Answer 1]\n${cut(first, maxChars)}\n\n[Answer 2]\n${cut(second, maxChars)}\n\n` +
        'Which answer is better? Reply with exactly one line: "VERDICT: 1", "VERDICT: 2" or "VERDICT: tie".',
    ),
  ] satisfies LanguageModelV4Prompt;
}

/** One answer against a fixed rubric (pointwise scoring). */
export function rubricPrompt(question: string, answer: string, maxChars: number) {
  return [
    { role: 'system', content: JUDGE_SYSTEM_PROMPT },
    user(
      `Question:\n${cut(question, maxChars)}\n\n[Answer]\n${cut(answer, maxChars)}\n\n` +
        'Score the answer from 1 to 10: correctness counts most (a wrong answer scores at most 3), then ' +
        'completeness, then clarity. Reply with exactly one line: "SCORE: <1-10>".',
    ),
  ] satisfies LanguageModelV4Prompt;
}

/** Weighted fusion: the aggregator sees every answer with its member's reliability. */
export function fusionPrompt(
  question: string,
  answers: { text: string; reliability: number }[],
  maxChars: number,
): LanguageModelV4Prompt {
  const listed = answers
    .map(
      (answer, index) =>
        `[Answer ${index + 1} — reliability ${answer.reliability.toFixed(2)}]\n${cut(answer.text, maxChars)}`,
    )
    .join('\n\n');
  return [
    {
      role: 'system',
      content:
        'You combine answers from several models into one best answer. Trust reliable answers more, but ' +
        'correct any errors you find, keep what is right in each, and do not mention the other answers.',
    },
    user(
      `Question:\n${cut(question, maxChars)}\n\n${listed}\n\nWrite the single best answer to the question.`,
    ),
  ];
}

/** Mixture-of-agents: a proposer of layer ≥ 2 (or the final aggregator) sees the previous layer's answers. */
export function mixturePrompt(
  conversation: LanguageModelV4Prompt,
  previous: string[],
  maxChars: number,
): LanguageModelV4Prompt {
  const listed = previous
    .map((text, index) => `[Response ${index + 1}]\n${cut(text, maxChars)}`)
    .join('\n\n');
  return [
    {
      role: 'system',
      content:
        'You have been given responses from several models to the latest user message. Critically evaluate ' +
        'them (some may be wrong or biased) and write one accurate, complete, well-structured answer. Do not ' +
        `mention the responses.\n\n${listed}`,
    },
    ...conversation,
  ];
}

/** Self-verification (AutoMix): the model grades an answer to decide whether the cascade must escalate. */
export function verifyPrompt(question: string, answer: string, maxChars: number): LanguageModelV4Prompt {
  return [
    { role: 'system', content: JUDGE_SYSTEM_PROMPT },
    user(
      `Question:\n${cut(question, maxChars)}\n\n[Proposed answer]\n${cut(answer, maxChars)}\n\n` +
        'How likely is the proposed answer to be correct? Reply with exactly one line: "CONFIDENCE: <0.0-1.0>".',
    ),
  ];
}
