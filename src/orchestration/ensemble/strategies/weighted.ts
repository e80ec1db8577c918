import { fusionPrompt } from '../ensemble-prompts.js';
import type { MemberReply, StrategyOutcome } from '../ensemble-types.js';
import type { Tally } from '../group-answers.js';
import { allMembersFailed } from './all-failed.js';
import {
  answered,
  askModels,
  reliabilityOf,
  type StrategyContext,
  tally,
  tieWarning,
} from './strategy-context.js';

/**
 * Weighted: every member answers; closed-form answers are decided by a reliability-weighted vote, free text is
 * fused by an aggregator model that sees each answer with its member's reliability.
 */
export async function runWeighted(context: StrategyContext): Promise<StrategyOutcome> {
  const replies = await askModels(
    context,
    context.members.map((member) => member.model),
  );
  return decideWeighted(context, replies);
}

export async function decideWeighted(
  context: StrategyContext,
  replies: MemberReply[],
): Promise<StrategyOutcome> {
  if (answered(replies).length === 0) throw allMembersFailed(replies);
  const result = tally(context, replies);
  const top = result.candidates[0]!;
  const closed = top.value !== undefined;
  if (closed || !context.aggregator || answered(replies).length === 1)
    return voteOutcome(result, replies, closed ? 'vote' : 'member');
  const reliability = reliabilityOf(context);
  context.progress('aggregator', `Fusing ${answered(replies).length} answers with ${context.aggregator}…`, {
    event: 'fusion',
    model: context.aggregator,
  });
  const [fusion] = await askModels(context, [context.aggregator], {
    role: 'aggregator',
    prompt: fusionPrompt(
      context.question,
      answered(replies).map((reply) => ({ text: reply.text, reliability: reliability(reply.model) })),
      context.maxChars,
    ),
  });
  if (!fusion?.ok) {
    const fallback = voteOutcome(result, [...replies, ...(fusion ? [fusion] : [])], 'member');
    fallback.warnings.push(
      `Aggregator ${context.aggregator} failed (${fusion?.error?.message ?? 'no answer'}); answered with the best-supported member answer.`,
    );
    return fallback;
  }
  return {
    ...voteOutcome(result, [...replies, fusion], 'aggregator'),
    answer: fusion.text.trim(),
    winner: undefined,
  };
}

/** The top candidate of a tally as the outcome. */
export function voteOutcome(
  result: Tally,
  calls: MemberReply[],
  source: StrategyOutcome['source'],
): StrategyOutcome {
  const top = result.candidates[0]!;
  return {
    answer: top.answer,
    extracted: top.representative.answer,
    confidence: result.confidence,
    agreement: result.agreement,
    modelsAgreed: top.models.length >= 2 && result.agreement >= 2 / 3,
    source,
    winner: top.representative.model,
    calls,
    candidates: result.candidates,
    preferences: [],
    warnings: [
      ...tieWarning(result),
      ...(result.abstained.length > 0
        ? [`No clear answer from ${result.abstained.join(', ')}; they did not vote.`]
        : []),
    ],
  };
}
