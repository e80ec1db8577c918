import type { AttemptSummary, ChatResult, ChatStreamPart } from '../core/chat-request.js';
import type { RoutingDecision } from '../core/routing-decision.js';
import type { Usage } from '../core/usage.js';
import type { ChatStream, OrchestrationContext } from './orchestration-context.js';

/** What an orchestration says about its plan; the rest of a RoutingDecision is fixed (it was not routed). */
export type OrchestrationDecisionFields = Pick<
  RoutingDecision,
  'taskClass' | 'objective' | 'targets' | 'reason'
> &
  Partial<Pick<RoutingDecision, 'excluded' | 'estimate' | 'signals'>>;

/** The decision a gateway client sees for `council/…`, `ensemble/…` or `pipeline/…`. */
export function orchestrationDecision(fields: OrchestrationDecisionFields): RoutingDecision {
  return {
    confidence: 1,
    excluded: [],
    estimate: { costUsd: 0, latencyMs: 0, quality: 0 },
    signals: [],
    contextTokens: 0,
    specialist: false,
    pinned: true,
    evidence: [],
    ...fields,
  };
}

export interface OrchestrationOutcome {
  id: string;
  /** The model that wrote the answer, or the virtual model's name for fused answers. */
  model: string;
  modelName?: string;
  providerModelId?: string;
  text: string;
  usage: Usage;
  costUsd: number;
  latencyMs: number;
  /** Every model called, for the local/external label. */
  modelsCalled: readonly string[];
  attempts: AttemptSummary[];
  fallbacks?: string[];
  warnings: string[];
  run: unknown;
}

/** A finished orchestration as a ChatResult: the answer, its totals, and the whole run in `run`. */
export function orchestrationChatResult(
  context: OrchestrationContext,
  outcome: OrchestrationOutcome,
  decision: RoutingDecision,
): ChatResult {
  const profile = context.profile(outcome.model);
  const external = outcome.modelsCalled.some((model) => context.profile(model)?.location === 'external');
  return {
    id: outcome.id,
    model: outcome.model,
    modelName: outcome.modelName ?? profile?.name ?? outcome.model,
    provider: profile?.provider ?? 'conclave',
    providerModelId: outcome.providerModelId ?? profile?.providerModelId ?? outcome.model,
    location: external ? 'external' : 'local',
    content: [{ type: 'text', text: outcome.text }],
    text: outcome.text,
    finishReason: 'stop',
    usage: outcome.usage,
    costUsd: outcome.costUsd,
    latencyMs: outcome.latencyMs,
    decision,
    attempts: outcome.attempts,
    fallbacks: outcome.fallbacks ?? [],
    warnings: outcome.warnings,
    run: outcome.run,
  };
}

/** A member call as an attempt summary (`label` says which stage/role made it). */
export function callAttempt(
  context: OrchestrationContext,
  call: { model: string; ok: boolean; error?: { kind: string; message: string }; latencyMs: number },
  label: string,
): AttemptSummary {
  return {
    model: call.model,
    provider: context.profile(call.model)?.provider ?? 'unknown',
    ok: call.ok,
    errorKind: call.error?.kind,
    message: call.error ? `${label}: ${call.error.message}` : undefined,
    latencyMs: call.latencyMs,
  };
}

/**
 * A running orchestration in the engine's ChatStream shape, so the gateway serves it like any model: the
 * decision and progress parts first, then the answer's tokens; `result` settles when the run is recorded.
 */
export function orchestrationChatStream<Run>(
  execution: { id: string; parts: AsyncIterable<ChatStreamPart>; run: Promise<Run> },
  decision: RoutingDecision,
  toResult: (run: Run) => ChatResult,
): ChatStream {
  async function* parts(): AsyncGenerator<ChatStreamPart> {
    yield { type: 'conclave-decision', decision };
    yield* execution.parts;
  }
  const result = execution.run.then(toResult);
  result.catch(() => undefined);
  return { id: execution.id, decision, parts: parts(), result };
}
