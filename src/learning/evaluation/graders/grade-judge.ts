import type { Grader } from '../suite/suite-schema.js';
import { type GradeContext, type GradeResult, GradingError } from './grade-types.js';
import { answerText, JUDGE_SYSTEM, scorePrompt } from './judge-prompts.js';
import { parseScoreVerdict } from './parse-judge-verdict.js';

type JudgeGrader = Extract<Grader, { type: 'judge' }>;

/** An LLM judge scores the answer against the rubric on 1..scale, mapped to 0..1. */
export async function gradeJudge(grader: JudgeGrader, context: GradeContext): Promise<GradeResult> {
  const model = grader.model ?? context.task.judgeModel ?? context.defaultJudgeModel;
  const reply = await callJudge(
    context,
    model,
    scorePrompt({
      task: context.task.prompt,
      rubric: grader.rubric,
      reference: grader.reference,
      answer: answerText(context.answer),
      scale: grader.scale,
    }),
  );
  const verdict = parseScoreVerdict(reply.text, grader.scale);
  if (!verdict)
    throw new GradingError(
      `the judge ${reply.model} gave no score between 1 and ${grader.scale}: "${reply.text.slice(0, 120)}"`,
    );
  return {
    grader: 'judge',
    score: (verdict.score - 1) / (grader.scale - 1),
    weight: grader.weight,
    detail: `${reply.model} scored ${verdict.score}/${grader.scale}${verdict.reason ? `: ${verdict.reason}` : ''}`,
    costUsd: reply.costUsd,
  };
}

export async function callJudge(context: GradeContext, model: string, prompt: string) {
  try {
    return await context.judge({ model, system: JUDGE_SYSTEM, prompt });
  } catch (error) {
    throw new GradingError(`the judge ${model} failed: ${(error as Error).message}`, { cause: error });
  }
}
