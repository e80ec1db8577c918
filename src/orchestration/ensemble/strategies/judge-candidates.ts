import { pairwisePrompt, rubricPrompt } from '../ensemble-prompts.js';
import type { Candidate, Judgment, MemberReply } from '../ensemble-types.js';
import { parsePairwiseVerdict, parseRubricScore } from '../parse-verdict.js';
import { askModels, reliabilityOf, type StrategyContext } from './strategy-context.js';

export interface JudgeResult {
  judgment: Judgment;
  /** Score per candidate (same order as the candidates), 0..1. */
  scores: number[];
  calls: MemberReply[];
}

/**
 * Scores candidate answers. pairwise: every pair twice with positions swapped (a win is 1, a tie or an unusable
 * verdict ½), so a judge that always prefers the first position scores everyone equally; rubric: one 1–10 score
 * each; agreement: no judge, each answer's reliability-weighted similarity to all answers (self-consistency).
 * When no verdict is usable the agreement scores are used and the judgment says so.
 */
export async function judgeCandidates(
  context: StrategyContext,
  candidates: Candidate[],
): Promise<JudgeResult> {
  const agreement = agreementScores(context, candidates);
  if (context.judgeMode === 'agreement' || !context.judge || candidates.length < 2)
    return {
      judgment: { method: 'agreement', scores: named(candidates, agreement), unusable: 0 },
      scores: agreement,
      calls: [],
    };
  const judge = context.judge;
  context.progress('judge', `⚖️ ${judge} judges ${candidates.length} answers (${context.judgeMode})…`, {
    event: 'judge',
    model: judge,
    mode: context.judgeMode,
  });
  const { scores, calls, unusable, usable } =
    context.judgeMode === 'pairwise'
      ? await pairwise(context, judge, candidates)
      : await rubric(context, judge, candidates);
  if (usable === 0)
    return {
      judgment: {
        method: 'agreement',
        judge,
        scores: named(candidates, agreement),
        unusable,
        fellBack: `${judge} gave no usable verdict (${unusable} unparseable); scored by agreement instead`,
      },
      scores: agreement,
      calls,
    };
  return {
    judgment: { method: context.judgeMode, judge, scores: named(candidates, scores), unusable },
    scores,
    calls,
  };
}

async function pairwise(context: StrategyContext, judge: string, candidates: Candidate[]) {
  const pairs: [number, number][] = [];
  candidates.forEach((_, left) => {
    for (let right = left + 1; right < candidates.length; right += 1)
      pairs.push([left, right], [right, left]);
  });
  // Each pair has its own prompt, so the judge is asked pair by pair (all pairs at once).
  const replies = await Promise.all(
    pairs.map(async ([first, second]) => {
      const [reply] = await askModels(context, [judge], {
        role: 'judge',
        prompt: pairwisePrompt(
          context.question,
          candidates[first]!.answer,
          candidates[second]!.answer,
          context.maxChars,
        ),
      });
      return reply!;
    }),
  );
  const wins = candidates.map(() => 0);
  const games = candidates.map(() => 0);
  let unusable = 0;
  replies.forEach((reply, index) => {
    const [first, second] = pairs[index]!;
    const verdict = reply.ok ? parsePairwiseVerdict(reply.text) : undefined;
    if (verdict === undefined) unusable += 1;
    wins[first]! += verdict === 1 ? 1 : verdict === 2 ? 0 : 0.5;
    wins[second]! += verdict === 2 ? 1 : verdict === 1 ? 0 : 0.5;
    games[first]! += 1;
    games[second]! += 1;
  });
  return {
    scores: wins.map((win, index) => win / Math.max(1, games[index]!)),
    calls: replies,
    unusable,
    usable: replies.length - unusable,
  };
}

async function rubric(context: StrategyContext, judge: string, candidates: Candidate[]) {
  const calls = await Promise.all(
    candidates.map(async (candidate) => {
      const [reply] = await askModels(context, [judge], {
        role: 'judge',
        prompt: rubricPrompt(context.question, candidate.answer, context.maxChars),
      });
      return reply!;
    }),
  );
  const parsed = calls.map((reply) => (reply.ok ? parseRubricScore(reply.text) : undefined));
  const unusable = parsed.filter((score) => score === undefined).length;
  return { scores: parsed.map((score) => score ?? 0), calls, unusable, usable: parsed.length - unusable };
}

/** Each candidate's support: members' reliability times the similarity of their answer to it, normalised. */
function agreementScores(context: StrategyContext, candidates: Candidate[]): number[] {
  const reliability = reliabilityOf(context);
  const support = candidates.map((candidate) =>
    candidates.reduce(
      (sum, other) =>
        sum +
        other.models.reduce((inner, model) => inner + reliability(model), 0) *
          (other === candidate
            ? 1
            : candidate.value !== undefined
              ? 0
              : context.similarity(candidate.answer, other.answer)),
      0,
    ),
  );
  const total = candidates.reduce(
    (sum, candidate) => sum + candidate.models.reduce((inner, model) => inner + reliability(model), 0),
    0,
  );
  return support.map((value) => (total === 0 ? 0 : value / total));
}

function named(candidates: Candidate[], scores: number[]) {
  return candidates.map((candidate, index) => ({
    model: candidate.representative.model,
    score: scores[index] ?? 0,
  }));
}
