import type { ChatResult, ChatStreamPart } from '../../core/chat-request.js';
import type { RoutingDecision } from '../../core/routing-decision.js';
import type { ChatStream, OrchestrationContext } from '../orchestration-context.js';
import type { CouncilRun } from './council-run.js';
import { allCalls } from './finish-run.js';
import type { CouncilExecution } from './run-council.js';

/**
 * A council run in the engine's ChatStream shape, so the gateway serves it like any model: progress parts
 * first, then the final answer's tokens; the result names the model that wrote the answer and carries the
 * whole run in `run`.
 */
export function councilChatStream(context: OrchestrationContext, execution: CouncilExecution): ChatStream {
  const decision = councilDecision(context, execution);
  async function* parts(): AsyncGenerator<ChatStreamPart> {
    yield { type: 'conclave-decision', decision };
    yield* execution.parts;
  }
  const result = execution.run.then((run) => toChatResult(context, run, decision));
  result.catch(() => undefined);
  return { id: execution.id, decision, parts: parts(), result };
}

export function councilDecision(
  context: OrchestrationContext,
  { plan }: Pick<CouncilExecution, 'plan'>,
): RoutingDecision {
  const members = plan.members.map((member) => `${member.archetype} → ${member.model} (${member.why})`);
  return {
    taskClass: plan.taskClass,
    confidence: 1,
    objective: context.config.routing.objective,
    targets: [...new Set([plan.chairman.model, ...plan.members.map((member) => member.model)])],
    reason: `Council${plan.preset ? ` ${plan.preset}` : ''}: ${members.join('; ')}; chairman ${plan.chairman.model} (${plan.chairman.why}).`,
    excluded: plan.dropped.map((entry) => ({ model: entry.member, because: entry.because })),
    estimate: { costUsd: 0, latencyMs: 0, quality: 0 },
    signals: [],
    contextTokens: 0,
    specialist: false,
    pinned: true,
    evidence: [],
  };
}

function toChatResult(context: OrchestrationContext, run: CouncilRun, decision: RoutingDecision): ChatResult {
  const calls = allCalls(run);
  const profile = context.profile(run.final.model);
  const external = calls.some((call) => context.profile(call.model)?.location === 'external');
  return {
    id: run.id,
    model: run.final.model,
    modelName: profile?.name ?? run.final.model,
    provider: profile?.provider ?? 'conclave',
    providerModelId: profile?.providerModelId ?? run.final.model,
    location: external ? 'external' : 'local',
    content: [{ type: 'text', text: run.final.text }],
    text: run.final.text,
    finishReason: 'stop',
    usage: run.totals.usage,
    costUsd: run.totals.costUsd,
    latencyMs: run.totals.durationMs,
    decision,
    attempts: calls.map((call) => ({
      model: call.model,
      provider: context.profile(call.model)?.provider ?? 'unknown',
      ok: call.ok,
      errorKind: call.error?.kind,
      message: call.error ? `${call.stage} ${call.member}: ${call.error.message}` : undefined,
      latencyMs: call.latencyMs,
    })),
    fallbacks: [],
    warnings: run.warnings,
    run,
  };
}
