import type { StrategyOutcome } from '../ensemble-types.js';
import { allMembersFailed } from './all-failed.js';
import { answered, askModels, type StrategyContext, tally } from './strategy-context.js';
import { voteOutcome } from './weighted.js';

/**
 * Consensus: answer only when the members' weighted agreement reaches the threshold; otherwise say so and show
 * the candidate answers. Confidence is the weighted agreement itself.
 */
export async function runConsensus(context: StrategyContext): Promise<StrategyOutcome> {
  const replies = await askModels(
    context,
    context.members.map((member) => member.model),
  );
  if (answered(replies).length === 0) throw allMembersFailed(replies);
  const result = tally(context, replies);
  const outcome = voteOutcome(result, replies, 'vote');
  const threshold = context.consensusThreshold;
  const failed = replies.filter((reply) => !reply.ok).map((reply) => reply.model);
  const notes = failed.length > 0 ? [`${failed.join(', ')} failed and did not vote.`] : [];
  if (result.agreement + 1e-9 >= threshold)
    return {
      ...outcome,
      confidence: result.agreement,
      modelsAgreed: answered(replies).length >= 2,
      warnings: [...outcome.warnings, ...notes],
    };
  const candidates = result.candidates.map((candidate) => ({
    answer:
      candidate.value && candidate.value !== candidate.answer ? candidate.value : snippet(candidate.answer),
    models: candidate.models,
    weight: candidate.weight,
  }));
  const percent = (value: number) => `${Math.round(value * 100)}%`;
  const listed = candidates
    .map((candidate) => `- ${candidate.models.join(', ')}: ${candidate.answer}`)
    .join('\n');
  return {
    ...outcome,
    answer: `No consensus: the members agree ${percent(result.agreement)}, below the ${percent(threshold)} required.\nCandidate answers:\n${listed}`,
    extracted: undefined,
    confidence: result.agreement,
    modelsAgreed: false,
    source: 'no-consensus',
    winner: undefined,
    disagreement: { agreement: result.agreement, threshold, candidates },
    warnings: [...outcome.warnings, ...notes],
  };
}

function snippet(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 160 ? `${line.slice(0, 157)}…` : line;
}
