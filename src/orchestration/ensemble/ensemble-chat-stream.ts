import type { ChatResult, ChatStreamPart } from '../../core/chat-request.js';
import type { RoutingDecision } from '../../core/routing-decision.js';
import type { ChatStream, OrchestrationContext } from '../orchestration-context.js';
import type { EnsembleRun } from './ensemble-run.js';
import type { EnsembleExecution } from './run-ensemble.js';

/**
 * An ensemble run in the engine's ChatStream shape, so the gateway serves it like any model: progress parts,
 * then the answer's tokens; the result names the model whose answer won (or `ensemble/<strategy>` for fused
 * answers) and carries the whole run in `run`.
 */
export function ensembleChatStream(context: OrchestrationContext, execution: EnsembleExecution): ChatStream {
  const decision = ensembleDecision(context, execution);
  async function* parts(): AsyncGenerator<ChatStreamPart> {
    yield { type: 'conclave-decision', decision };
    yield* execution.parts;
  }
  const result = execution.run.then((run) => toChatResult(context, run, decision));
  result.catch(() => undefined);
  return { id: execution.id, decision, parts: parts(), result };
}

function ensembleDecision(context: OrchestrationContext, { plan }: EnsembleExecution): RoutingDecision {
  return {
    taskClass: plan.taskType,
    confidence: 1,
    objective: context.config.routing.objective,
    targets: plan.members.map((member) => member.model),
    reason: `Ensemble ${plan.preset ?? plan.strategy}: ${plan.members.map((member) => `${member.model} (reliability ${member.reliability.toFixed(2)}, ${member.source})`).join(', ')}.`,
    excluded: [],
    estimate: {
      costUsd: plan.members.reduce((sum, member) => sum + member.estimatedCostUsd, 0),
      latencyMs: 0,
      quality: Math.max(0, ...plan.members.map((member) => member.reliability)),
    },
    signals: [],
    contextTokens: 0,
    specialist: false,
    pinned: true,
    evidence: [],
  };
}

function toChatResult(
  context: OrchestrationContext,
  run: EnsembleRun,
  decision: RoutingDecision,
): ChatResult {
  const model = run.winner ?? `ensemble/${run.preset ?? run.strategy}`;
  const profile = context.profile(model);
  const external = run.members.some((call) => context.profile(call.model)?.location === 'external');
  return {
    id: run.id,
    model,
    modelName: profile?.name ?? model,
    provider: profile?.provider ?? 'conclave',
    providerModelId: profile?.providerModelId ?? model,
    location: external ? 'external' : 'local',
    content: [{ type: 'text', text: run.answer }],
    text: run.answer,
    finishReason: 'stop',
    usage: run.totals.usage,
    costUsd: run.totals.costUsd,
    latencyMs: run.totals.durationMs,
    decision,
    attempts: run.members.map((call) => ({
      model: call.model,
      provider: context.profile(call.model)?.provider ?? 'unknown',
      ok: call.ok,
      errorKind: call.error?.kind,
      message: call.error ? `${call.role} ${call.model}: ${call.error.message}` : undefined,
      latencyMs: call.latencyMs,
    })),
    fallbacks: [],
    warnings: run.warnings,
    run,
  };
}
