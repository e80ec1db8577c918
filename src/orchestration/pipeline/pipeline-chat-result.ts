import type { ChatResult, ConclaveEvent } from '../../core/chat-request.js';
import type { RoutingDecision } from '../../core/routing-decision.js';
import type { OrchestrationContext } from '../orchestration-context.js';
import { orchestrationChatResult, orchestrationDecision } from '../orchestration-result.js';
import type { MultiModelResult, PipelineEvent, PipelinePlan } from './pipeline-types.js';

/** The decision a gateway client sees for `pipeline/<name>`: the virtual model first, then the phase models. */
export function pipelineDecision(plan: PipelinePlan): RoutingDecision {
  const models = [...new Set(plan.phases.flatMap((phase) => phase.primaryModel.model))];
  const solution = plan.phases.find((phase) => phase.kind === 'generation') ?? plan.phases[0]!;
  return orchestrationDecision({
    taskClass: plan.taskClass,
    objective: solution.routing.objective ?? 'balanced',
    targets: [`pipeline/${plan.agent}`, ...models],
    reason: `Pipeline ${plan.agent} (${plan.strategyType}): ${plan.phases
      .map((phase) => `${phase.phase} → ${phase.primaryModel.model}`)
      .join(', ')}.`,
    estimate: {
      costUsd: plan.phases.reduce((sum, phase) => sum + phase.estimate.costUsd, 0),
      latencyMs: plan.phases.reduce((sum, phase) => sum + phase.estimate.latencyMs, 0),
      quality: solution.estimate.quality,
    },
    signals: plan.adaptive.signals,
  });
}

/** A finished run as a ChatResult: the final answer, summed usage and cost, every phase in `run`. */
export function pipelineChatResult(
  context: OrchestrationContext,
  result: MultiModelResult,
  decision: RoutingDecision,
): ChatResult {
  const phases = result.cached ? [] : result.phaseResults;
  const inputTokens = phases.reduce((sum, phase) => sum + phase.inputTokens, 0);
  const outputTokens = phases.reduce((sum, phase) => sum + phase.outputTokens, 0);
  const warnings = result.skippedPhases
    .filter((skipped) => skipped.cause === 'failed')
    .map((skipped) => `Skipped ${skipped.phase}: ${skipped.reason}`);
  if (result.validation?.verdict === 'fail')
    warnings.push(`Validation failed: ${result.validation.reasons.slice(0, 300)}`);
  return orchestrationChatResult(
    context,
    {
      id: result.runId,
      model: `pipeline/${result.agent}`,
      modelName: `Pipeline ${result.agent}`,
      providerModelId: result.modelsUsed.join('+'),
      text: result.finalResult,
      usage: { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens },
      costUsd: result.totalCost,
      latencyMs: Math.round(result.totalExecutionTime * 1_000),
      modelsCalled: result.modelsUsed,
      attempts: phases.flatMap((phase) => phase.attempts),
      fallbacks: phases.flatMap((phase) => (phase.success ? phase.fallbacks : [])),
      warnings,
      run: result,
    },
    decision,
  );
}

/** Pipeline progress as the `conclave-progress` parts the gateway streams before the answer. */
export function progressPart(event: PipelineEvent): ConclaveEvent {
  switch (event.type) {
    case 'plan':
      return {
        type: 'conclave-progress',
        stage: 'plan',
        detail: `${event.plan.agent} (${event.plan.strategyType}): ${event.plan.phases
          .map((phase) => `${phase.phase} → ${phase.primaryModel.model}`)
          .join(', ')}`,
        data: {
          agent: event.plan.agent,
          strategyType: event.plan.strategyType,
          phases: event.plan.phases.map((phase) => ({
            phase: phase.phase,
            model: phase.primaryModel.model,
            fallbackModels: phase.fallbackModels,
            dependsOn: phase.dependsOn,
            critical: phase.critical,
          })),
          skippedPhases: event.plan.skippedPhases,
          adaptive: event.plan.adaptive,
        },
      };
    case 'cache-hit':
      return {
        type: 'conclave-progress',
        stage: 'cache',
        detail: `cached result of run ${event.runId}`,
        data: { event: 'hit', runId: event.runId, createdAt: event.createdAt },
      };
    case 'phase-start':
      return {
        type: 'conclave-progress',
        stage: event.phase,
        detail: `running on ${event.model}`,
        data: { event: 'start', model: event.model, attempt: event.attempt },
      };
    case 'phase-fallback':
      return {
        type: 'conclave-progress',
        stage: event.phase,
        detail: `${event.from} failed (${event.reason}); trying ${event.to}`,
        data: { event: 'fallback', from: event.from, to: event.to, reason: event.reason },
      };
    case 'phase-done':
      return {
        type: 'conclave-progress',
        stage: event.phase,
        detail: `done on ${event.result.modelUsed} in ${event.result.executionTime} s`,
        data: {
          event: 'done',
          model: event.result.modelUsed,
          executionTime: event.result.executionTime,
          tokensUsed: event.result.tokensUsed,
          costUsd: event.result.costUsd,
        },
      };
    case 'phase-skipped':
      return {
        type: 'conclave-progress',
        stage: event.phase,
        detail: `skipped: ${event.reason}`,
        data: { event: 'skipped', reason: event.reason },
      };
    case 'aborted':
      return {
        type: 'conclave-progress',
        stage: event.phase,
        detail: `critical phase failed; aborting: ${event.reason}`,
        data: { event: 'aborted', reason: event.reason },
      };
  }
}
