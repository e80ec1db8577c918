import { mixturePrompt } from '../ensemble-prompts.js';
import type { MemberReply, StrategyOutcome } from '../ensemble-types.js';
import { extractAnswer } from '../extract-answer.js';
import { allMembersFailed } from './all-failed.js';
import { answered, askModels, type StrategyContext, tally } from './strategy-context.js';
import { voteOutcome } from './weighted.js';

/**
 * Mixture-of-agents: layer 1 answers the conversation; each further layer's proposers see the previous layer's
 * answers and improve on them; one aggregator writes the final answer from the last layer. A layer whose
 * proposers all fail is skipped (the previous layer's answers carry on); a failed aggregator falls back to the
 * last layer's best-supported answer.
 */
export async function runMixtureOfAgents(context: StrategyContext): Promise<StrategyOutcome> {
  const models = context.members.map((member) => member.model);
  const calls: MemberReply[] = [];
  let layer = await askModels(context, models, { stage: 1 });
  calls.push(...layer);
  if (answered(layer).length === 0) throw allMembersFailed(layer);
  for (let index = 2; index <= context.moaLayers; index += 1) {
    context.progress(
      'layer',
      `Layer ${index}: ${models.length} proposers refine ${answered(layer).length} answers…`,
      {
        event: 'layer',
        layer: index,
      },
    );
    const prompt = mixturePrompt(
      context.conversation,
      answered(layer).map((reply) => reply.text),
      context.maxChars,
    );
    const next = await askModels(context, models, { role: 'proposer', prompt, stage: index });
    calls.push(...next);
    if (answered(next).length > 0) layer = next;
    else context.progress('layer', `Layer ${index}: every proposer failed; keeping layer ${index - 1}.`);
  }
  const result = tally(context, layer);
  const fallback = voteOutcome(result, calls, 'member');
  const aggregator = context.aggregator;
  if (!aggregator) return fallback;
  context.progress('aggregator', `${aggregator} aggregates the last layer…`, {
    event: 'aggregate',
    model: aggregator,
  });
  const [final] = await askModels(context, [aggregator], {
    role: 'aggregator',
    prompt: mixturePrompt(
      context.conversation,
      answered(layer).map((reply) => reply.text),
      context.maxChars,
    ),
    stage: context.moaLayers + 1,
  });
  calls.push(final!);
  if (!final?.ok)
    return {
      ...fallback,
      calls,
      warnings: [
        ...fallback.warnings,
        `Aggregator ${aggregator} failed (${final?.error?.message ?? 'no answer'}); answered with the last layer's best-supported answer.`,
      ],
    };
  const extracted = extractAnswer(final.text, context.format);
  // The aggregator's confidence is the last layer's support for what it concluded.
  const support = extracted
    ? (result.candidates.find((candidate) => candidate.value === extracted.value)?.weight ?? 0) /
      Math.max(
        1e-9,
        result.candidates.reduce((sum, candidate) => sum + candidate.weight, 0),
      )
    : result.agreement;
  return {
    ...fallback,
    answer: final.text.trim(),
    extracted,
    confidence: extracted && extracted.value === fallback.extracted?.value ? result.confidence : support,
    agreement: support,
    source: 'aggregator',
    winner: undefined,
    calls,
  };
}
