import type { RoutingDecision } from '../../core/routing-decision.js';
import type { ChatStream, OrchestrationContext } from '../orchestration-context.js';
import {
  callAttempt,
  orchestrationChatResult,
  orchestrationChatStream,
  orchestrationDecision,
} from '../orchestration-result.js';
import { allCalls } from './finish-run.js';
import type { CouncilExecution } from './run-council.js';

/**
 * A council run as a ChatStream: progress parts first, then the final answer's tokens; the result names the
 * model that wrote the answer and carries the whole run in `run`.
 */
export function councilChatStream(context: OrchestrationContext, execution: CouncilExecution): ChatStream {
  const decision = councilDecision(context, execution);
  return orchestrationChatStream(execution, decision, (run) => {
    const calls = allCalls(run);
    return orchestrationChatResult(
      context,
      {
        id: run.id,
        model: run.final.model,
        text: run.final.text,
        usage: run.totals.usage,
        costUsd: run.totals.costUsd,
        latencyMs: run.totals.durationMs,
        modelsCalled: calls.map((call) => call.model),
        attempts: calls.map((call) => callAttempt(context, call, `${call.stage} ${call.member}`)),
        warnings: run.warnings,
        run,
      },
      decision,
    );
  });
}

export function councilDecision(
  context: OrchestrationContext,
  { plan }: Pick<CouncilExecution, 'plan'>,
): RoutingDecision {
  const members = plan.members.map((member) => `${member.archetype} → ${member.model} (${member.why})`);
  return orchestrationDecision({
    taskClass: plan.taskClass,
    objective: context.config.routing.objective,
    targets: [...new Set([plan.chairman.model, ...plan.members.map((member) => member.model)])],
    reason: `Council${plan.preset ? ` ${plan.preset}` : ''}: ${members.join('; ')}; chairman ${plan.chairman.model} (${plan.chairman.why}).`,
    excluded: plan.dropped.map((entry) => ({ model: entry.member, because: entry.because })),
  });
}
