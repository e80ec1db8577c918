import type { ChatStream, OrchestrationContext } from '../orchestration-context.js';
import {
  callAttempt,
  orchestrationChatResult,
  orchestrationChatStream,
  orchestrationDecision,
} from '../orchestration-result.js';
import type { EnsembleExecution } from './run-ensemble.js';

/**
 * An ensemble run as a ChatStream: progress parts, then the answer's tokens; the result names the model whose
 * answer won (or `ensemble/<strategy>` for fused answers) and carries the whole run in `run`.
 */
export function ensembleChatStream(context: OrchestrationContext, execution: EnsembleExecution): ChatStream {
  const { plan } = execution;
  const decision = orchestrationDecision({
    taskClass: plan.taskType,
    objective: context.config.routing.objective,
    targets: plan.members.map((member) => member.model),
    reason: `Ensemble ${plan.preset ?? plan.strategy}: ${plan.members.map((member) => `${member.model} (reliability ${member.reliability.toFixed(2)}, ${member.source})`).join(', ')}.`,
    estimate: {
      costUsd: plan.members.reduce((sum, member) => sum + member.estimatedCostUsd, 0),
      latencyMs: 0,
      quality: Math.max(0, ...plan.members.map((member) => member.reliability)),
    },
  });
  return orchestrationChatStream(execution, decision, (run) =>
    orchestrationChatResult(
      context,
      {
        id: run.id,
        model: run.winner ?? `ensemble/${run.preset ?? run.strategy}`,
        text: run.answer,
        usage: run.totals.usage,
        costUsd: run.totals.costUsd,
        latencyMs: run.totals.durationMs,
        modelsCalled: run.members.map((call) => call.model),
        attempts: run.members.map((call) => callAttempt(context, call, `${call.role} ${call.model}`)),
        warnings: run.warnings,
        run,
      },
      decision,
    ),
  );
}
