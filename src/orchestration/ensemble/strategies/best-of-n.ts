import type { StrategyOutcome } from '../ensemble-types.js';
import { allMembersFailed } from './all-failed.js';
import { judgeCandidates } from './judge-candidates.js';
import { answered, askModels, type StrategyContext, tally } from './strategy-context.js';
import { voteOutcome } from './weighted.js';

/**
 * Best-of-N: every member answers, equivalent answers are merged, and a scorer picks the best distinct answer —
 * an LLM judge (pairwise with swapped positions, or a pointwise rubric) or, without a judge, agreement. Ties on
 * the judge's score go to the answer with more support. The judge's preferences become preference pairs.
 */
export async function runBestOfN(context: StrategyContext): Promise<StrategyOutcome> {
  const replies = await askModels(
    context,
    context.members.map((member) => member.model),
  );
  if (answered(replies).length === 0) throw allMembersFailed(replies);
  const result = tally(context, replies);
  const { candidates } = result;
  const judged = await judgeCandidates(context, candidates);
  const order = candidates
    .map((candidate, index) => ({ candidate, index, score: judged.scores[index] ?? 0 }))
    .sort((left, right) => right.score - left.score || right.candidate.weight - left.candidate.weight);
  const best = order[0]!;
  const base = voteOutcome(
    { ...result, candidates: order.map((entry) => entry.candidate) },
    replies,
    'judge',
  );
  const byJudge = judged.judgment.method !== 'agreement';
  const warnings = [...base.warnings];
  if (judged.judgment.fellBack) warnings.push(`Judge: ${judged.judgment.fellBack}.`);
  if (judged.judgment.unusable > 0 && !judged.judgment.fellBack)
    warnings.push(`Judge: ${judged.judgment.unusable} verdict(s) could not be parsed and counted as ties.`);
  const agreement =
    candidates.length === 0 ? 0 : best.candidate.weight / candidates.reduce((sum, c) => sum + c.weight, 0);
  return {
    ...base,
    source: byJudge ? 'judge' : 'vote',
    // One distinct answer needs no judge: the vote's confidence stands; otherwise the winner's score does.
    confidence: candidates.length === 1 ? result.confidence : byJudge ? best.score : result.confidence,
    agreement,
    modelsAgreed: best.candidate.models.length >= 2 && agreement >= 2 / 3,
    calls: [...replies, ...judged.calls],
    judgment: judged.judgment,
    preferences: byJudge
      ? order.slice(1).flatMap((entry) =>
          best.score - entry.score > 0
            ? [
                {
                  chosen: best.candidate.representative,
                  rejected: entry.candidate.representative,
                  margin: best.score - entry.score,
                },
              ]
            : [],
        )
      : [],
    warnings,
  };
}
