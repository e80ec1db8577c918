import { type OrchestrationTarget, orchestrationOf } from './execute-with-multi-model.js';
import type { PipelinePlan } from './pipeline-types.js';
import { type PipelineInput, planPipeline } from './plan-pipeline.js';

/**
 * The plan for an agent's task without running it: each phase's model, fallbacks and the reason, the
 * strategy, adaptive changes and skipped phases. Synchronous: routing needs no model call.
 */
export function matchAgentToModels(target: OrchestrationTarget, input: PipelineInput): PipelinePlan {
  return planPipeline(orchestrationOf(target), input);
}
