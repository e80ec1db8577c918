import { addUsage, ZERO_USAGE } from '../../core/usage.js';
import { qualityScore } from '../../learning/quality-score.js';
import type { EnsembleCallReport, EnsembleRun } from './ensemble-run.js';
import type { MemberReply, StrategyOutcome } from './ensemble-types.js';
import type { EnsemblePlan } from './resolve-ensemble.js';

export interface RunIdentity {
  id: string;
  createdAt: number;
  sessionId?: string;
}

/** The run as reported and stored, from the plan and the strategy's outcome. */
export function buildRun(identity: RunIdentity, plan: EnsemblePlan, outcome: StrategyOutcome): EnsembleRun {
  const finalValue = outcome.extracted?.value;
  const members = outcome.calls.map((call) => report(call, outcome, finalValue));
  const run = baseRun(identity, plan, outcome.calls);
  return {
    ...run,
    status: outcome.source === 'no-consensus' ? 'no-consensus' : 'ok',
    answer: outcome.answer,
    extracted: outcome.extracted,
    confidence: round(outcome.confidence),
    agreement: round(outcome.agreement),
    modelsAgreed: outcome.modelsAgreed,
    source: outcome.source,
    winner: outcome.winner,
    members,
    candidates: outcome.candidates.map((candidate) => ({
      answer: candidate.answer,
      value: candidate.value,
      models: candidate.models,
      weight: round(candidate.weight),
    })),
    judgment: outcome.judgment,
    stoppedAt: outcome.stoppedAt,
    disagreement: outcome.disagreement,
    learning: {
      quality: qualityScore({ base: outcome.confidence, modelsAgreed: outcome.modelsAgreed }),
      collected: false,
      preferencePairs: [],
    },
    warnings: outcome.warnings,
  };
}

/** A run that failed: what was asked, who was called, and the error. */
export function failedRun(
  identity: RunIdentity,
  plan: EnsemblePlan,
  calls: MemberReply[],
  error: { kind: string; message: string },
): EnsembleRun {
  return {
    ...baseRun(identity, plan, calls),
    status: 'error',
    answer: '',
    confidence: 0,
    agreement: 0,
    modelsAgreed: false,
    source: 'member',
    members: calls.map((call) => report(call, undefined, undefined)),
    candidates: [],
    learning: { quality: 0, collected: false, preferencePairs: [] },
    warnings: [],
    error,
  };
}

function baseRun(identity: RunIdentity, plan: EnsemblePlan, calls: MemberReply[]) {
  const answered = calls.filter((call) => call.ok);
  const latency = answered.reduce((sum, call) => sum + call.latencyMs, 0);
  return {
    id: identity.id,
    strategy: plan.strategy,
    preset: plan.preset,
    taskType: plan.taskType,
    format: plan.format.kind,
    question: plan.question,
    sessionId: identity.sessionId,
    createdAt: identity.createdAt,
    modelsUsed: [...new Set(calls.filter((call) => call.role === 'member').map((call) => call.model))],
    plan: plan.members,
    totals: {
      calls: calls.length,
      costUsd: calls.reduce((sum, call) => sum + call.costUsd, 0),
      averageLatencyMs: answered.length === 0 ? 0 : Math.round(latency / answered.length),
      usage: calls.reduce((sum, call) => addUsage(sum, call.usage), ZERO_USAGE),
      durationMs: Date.now() - identity.createdAt,
    },
  };
}

function report(
  call: MemberReply,
  outcome: StrategyOutcome | undefined,
  finalValue: string | undefined,
): EnsembleCallReport {
  const isMember = call.role === 'member' || call.role === 'proposer';
  const inWinner =
    outcome?.candidates[0]?.models.includes(call.model) === true && outcome.source !== 'no-consensus';
  return {
    model: call.model,
    role: call.role,
    stage: call.stage,
    ok: call.ok,
    answer: call.text,
    extracted: call.answer,
    error: call.error,
    latencyMs: call.latencyMs,
    usage: call.usage,
    costUsd: call.costUsd,
    requestId: call.requestId,
    agreedWithFinal:
      isMember && call.ok && outcome
        ? finalValue !== undefined
          ? call.answer?.value === finalValue
          : inWinner
        : undefined,
  };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
