import type { CascadeCheck } from '../../../config/sections/ensemble.js';
import type { AnswerFormat, MemberReply } from '../ensemble-types.js';
import type { Tally } from '../group-answers.js';

/** Where a cascade stands after a stage: every member answer so far and what they add up to. */
export interface CascadeState {
  stage: number;
  /** Member replies so far, in the order the models were asked. */
  replies: MemberReply[];
  asked: string[];
  /** Members not asked yet, in plan order (cheapest first). */
  remaining: string[];
  /** Estimated cost of one call to a member for this request (prompt tokens × price), if it has one. */
  costOf?(model: string): number | undefined;
  tally: Tally;
  format: AnswerFormat;
  /** Asks the answering model to grade the current best answer (self-verification); 0..1, 0 when unusable. */
  verify(): Promise<number>;
}

export type EscalationDecision =
  | { stop: true; reason: string; confidence: number; value?: string }
  | { stop: false; ask: string[]; reason: string; confidence: number };

/** Decides, stage by stage, whether a cascade stops or which models it asks next. */
export interface EscalationPolicy {
  name: string;
  /** Models of the first stage. */
  first(members: string[]): string[];
  next(state: CascadeState): EscalationDecision | Promise<EscalationDecision>;
  /** Stages the cascade can run at most. */
  maxStages: number;
}

/**
 * FrugalGPT/AutoMix-style escalation: stages of members (cheapest first); after each stage the answer's
 * confidence — the reliability-weighted vote posterior of the members so far (`agreement`) or the answering
 * model's grade of its own answer (`self-verify`) — is compared with the threshold; below it the next stage runs.
 */
export function createThresholdPolicy({
  stages,
  threshold,
  check,
}: {
  stages: string[][];
  threshold: number;
  check: CascadeCheck;
}): EscalationPolicy {
  return {
    name: `threshold ${threshold} (${check})`,
    maxStages: stages.length,
    first: () => stages[0] ?? [],
    async next(state) {
      const voters = state.tally.candidates.reduce((sum, candidate) => sum + candidate.models.length, 0);
      const confidence =
        voters === 0 ? 0 : check === 'self-verify' ? await state.verify() : state.tally.confidence;
      const percent = `${Math.round(confidence * 100)}%`;
      const next = stages[state.stage];
      if (confidence >= threshold)
        return { stop: true, confidence, reason: `${check} ${percent} ≥ ${Math.round(threshold * 100)}%` };
      if (!next || next.length === 0)
        return {
          stop: true,
          confidence,
          reason: `${check} ${percent} below threshold, no stronger model left`,
        };
      return {
        stop: false,
        confidence,
        ask: next,
        reason: `${check} ${percent} < ${Math.round(threshold * 100)}%: escalating to ${next.join(', ')}`,
      };
    },
  };
}

/**
 * Default stages: the `firstStage` cheapest members together (so their agreement can be checked), then every
 * remaining member alone, cheapest first.
 */
export function defaultStages(
  members: { model: string; estimatedCostUsd: number }[],
  firstStage: number,
): string[][] {
  const ordered = [...members].sort((left, right) => left.estimatedCostUsd - right.estimatedCostUsd);
  const head = ordered.slice(0, Math.max(1, firstStage)).map((member) => member.model);
  return [head, ...ordered.slice(head.length).map((member) => [member.model])];
}
