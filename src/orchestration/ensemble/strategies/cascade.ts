import { verifyPrompt } from '../ensemble-prompts.js';
import type { MemberReply, StrategyOutcome } from '../ensemble-types.js';
import { parseConfidence } from '../parse-verdict.js';
import { allMembersFailed } from './all-failed.js';
import { createThresholdPolicy, type EscalationDecision } from './cascade-policy.js';
import { answered, askModels, reliabilityOf, type StrategyContext, tally } from './strategy-context.js';
import { voteOutcome } from './weighted.js';

/**
 * Cascade: cheapest members first; after each stage the escalation policy stops (the answer is confident
 * enough) or asks stronger models. The final answer is the reliability-weighted vote of every member asked
 * (closed forms) or the strongest latest answer (free text); the run reports where it stopped and why.
 */
export async function runCascade(context: StrategyContext): Promise<StrategyOutcome> {
  const policy = context.cascade.policy ?? createThresholdPolicy(context.cascade);
  const replies: MemberReply[] = [];
  const calls: MemberReply[] = [];
  const warnings: string[] = [];
  let ask = policy.first(context.members.map((member) => member.model));
  let stage = 0;
  let decision: EscalationDecision | undefined;
  while (ask.length > 0) {
    stage += 1;
    const stageReplies = await askModels(context, ask, { stage });
    replies.push(...stageReplies);
    calls.push(...stageReplies);
    const asked = replies.map((reply) => reply.model);
    const current = tally(context, replies);
    decision = await policy.next({
      stage,
      replies,
      asked,
      remaining: context.members.map((member) => member.model).filter((model) => !asked.includes(model)),
      tally: current,
      costOf: (model) => context.members.find((member) => member.model === model)?.estimatedCostUsd,
      format: context.format,
      verify: async () => {
        const top = current.candidates[0];
        if (!top) return 0;
        const [check] = await askModels(context, [top.representative.model], {
          role: 'verifier',
          prompt: verifyPrompt(context.question, top.answer, context.maxChars),
          stage,
        });
        calls.push(check!);
        const confidence = check?.ok ? parseConfidence(check.text) : undefined;
        if (confidence === undefined)
          warnings.push(
            `Self-verification by ${top.representative.model} gave no usable confidence; escalating.`,
          );
        return confidence ?? 0;
      },
    });
    context.progress('cascade', `Stage ${stage} (${ask.join(', ')}): ${decision.reason}`, {
      event: 'stage',
      stage,
      asked: ask,
      confidence: decision.confidence,
      stop: decision.stop,
    });
    if (decision.stop) break;
    ask = decision.ask;
  }
  if (answered(replies).length === 0) throw allMembersFailed(replies);
  const final = tally(context, replies);
  const chosenIndex = pickCandidate(context, final.candidates, replies, decision);
  const ordered = [
    final.candidates[chosenIndex]!,
    ...final.candidates.filter((_, index) => index !== chosenIndex),
  ];
  const outcome = voteOutcome(
    { ...final, candidates: ordered },
    calls,
    ordered.length > 1 ? 'vote' : 'member',
  );
  return {
    ...outcome,
    confidence: decision?.confidence ?? final.confidence,
    stoppedAt: {
      stage,
      stages: policy.maxStages,
      reason: decision?.reason ?? 'no stage ran',
      asked: replies.map((reply) => reply.model),
    },
    warnings: [...outcome.warnings, ...warnings],
  };
}

/** The policy's chosen value, else the vote (closed forms), else the group of the strongest latest answer. */
function pickCandidate(
  context: StrategyContext,
  candidates: { value?: string; models: string[] }[],
  replies: MemberReply[],
  decision: EscalationDecision | undefined,
): number {
  if (decision?.stop && decision.value !== undefined) {
    const index = candidates.findIndex((candidate) => candidate.value === decision.value);
    if (index >= 0) return index;
  }
  if (candidates[0]?.value !== undefined && context.format.kind !== 'free') return 0;
  const reliability = reliabilityOf(context);
  const lastStage = Math.max(...answered(replies).map((reply) => reply.stage ?? 0));
  const strongest = answered(replies)
    .filter((reply) => (reply.stage ?? 0) === lastStage)
    .sort((left, right) => reliability(right.model) - reliability(left.model))[0];
  const index = candidates.findIndex((candidate) => strongest && candidate.models.includes(strongest.model));
  return Math.max(0, index);
}
