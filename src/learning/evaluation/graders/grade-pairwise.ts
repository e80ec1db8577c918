import type { Grader } from '../suite/suite-schema.js';
import { callJudge } from './grade-judge.js';
import { type GradeContext, type GradeResult, GradingError } from './grade-types.js';
import { answerText, pairwisePrompt } from './judge-prompts.js';
import { type PairwiseWinner, parsePairwiseVerdict } from './parse-judge-verdict.js';

type PairwiseGrader = Extract<Grader, { type: 'pairwise' }>;

const POINTS = { win: 1, tie: 0.5, loss: 0 } as const;
type Outcome = keyof typeof POINTS;

/**
 * The judge compares the answer with the reference twice, swapping their positions, so a judge that
 * prefers whichever answer comes first (or second) cannot decide the grade. Score: the mean of the two
 * outcomes for the candidate (win 1, tie 0.5, loss 0); contradicting verdicts therefore average to 0.5.
 */
export async function gradePairwise(grader: PairwiseGrader, context: GradeContext): Promise<GradeResult> {
  const model = grader.model ?? context.task.judgeModel ?? context.defaultJudgeModel;
  const candidate = answerText(context.answer);
  const ask = (first: string, second: string) =>
    callJudge(
      context,
      model,
      pairwisePrompt({ task: context.task.prompt, rubric: grader.rubric, first, second }),
    );
  const [candidateFirst, candidateSecond] = await Promise.all([
    ask(candidate, grader.reference),
    ask(grader.reference, candidate),
  ]);
  const outcome = (reply: { text: string; model: string }, candidatePosition: 'A' | 'B'): Outcome => {
    const verdict = parsePairwiseVerdict(reply.text);
    if (!verdict)
      throw new GradingError(
        `the judge ${reply.model} named no winner (A, B or tie): "${reply.text.slice(0, 120)}"`,
      );
    return toOutcome(verdict.winner, candidatePosition);
  };
  const first = outcome(candidateFirst, 'A');
  const second = outcome(candidateSecond, 'B');
  const consistent = first === second;
  return {
    grader: 'pairwise',
    score: (POINTS[first] + POINTS[second]) / 2,
    weight: grader.weight,
    detail: consistent
      ? `${candidateFirst.model}: ${first} against the reference in both orders`
      : `${candidateFirst.model}: ${first} when shown first, ${second} when shown second (position bias; averaged)`,
    costUsd: candidateFirst.costUsd + candidateSecond.costUsd,
  };
}

function toOutcome(winner: PairwiseWinner, candidatePosition: 'A' | 'B'): Outcome {
  if (winner === 'tie') return 'tie';
  return winner === candidatePosition ? 'win' : 'loss';
}
