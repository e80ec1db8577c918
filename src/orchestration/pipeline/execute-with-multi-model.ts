import { randomBytes } from 'node:crypto';
import { ConclaveError } from '../../core/conclave-error.js';
import type { OrchestrationContext } from '../orchestration-context.js';
import { abortError, failuresOf } from './abort-error.js';
import { answerQuality, finalOutput, validationVerdict } from './final-result.js';
import { buildPhasePrompt } from './phase-prompt.js';
import { cacheKey, createPipelineStore, type RunRecord } from './pipeline-store.js';
import type { MultiModelResult, PhaseResult, PipelineEvent, PipelinePlan } from './pipeline-types.js';
import { type PipelineInput, planPipeline } from './plan-pipeline.js';
import { runDag } from './run-dag.js';
import { runPhase } from './run-phase.js';

export interface ExecuteOptions extends PipelineInput {
  /** Reuse a cached result of the same run (default true; `pipelines.cacheTtl: 0` turns the cache off). */
  cache?: boolean;
  signal?: AbortSignal;
  /** Live progress: the plan, each phase starting, falling back, finishing or being skipped. */
  onProgress?: (event: PipelineEvent) => void;
  sessionId?: string;
  apiKeyId?: string;
  /** Clock for the cache's TTL (tests). */
  now?: () => number;
}

/** Library functions accept the engine (`{ orchestration }`) or its OrchestrationContext. */
export type OrchestrationTarget = OrchestrationContext | { orchestration: OrchestrationContext };

export function orchestrationOf(target: OrchestrationTarget): OrchestrationContext {
  return 'orchestration' in target ? target.orchestration : target;
}

/**
 * Runs an agent profile as a multi-phase pipeline: plan (throws on bad input before any model is called),
 * cache lookup, phases as a DAG, final answer, run record, cache entry and training-example candidate.
 */
export async function executeWithMultiModel(
  target: OrchestrationTarget,
  options: ExecuteOptions,
): Promise<MultiModelResult> {
  const context = orchestrationOf(target);
  return runPlannedPipeline(context, planPipeline(context, options), options);
}

export async function runPlannedPipeline(
  context: OrchestrationContext,
  plan: PipelinePlan,
  options: ExecuteOptions,
): Promise<MultiModelResult> {
  const now = options.now ?? Date.now;
  const startedAt = now();
  const clock = performance.now();
  const elapsedSeconds = () => Math.round(performance.now() - clock) / 1_000;
  const runId = `pipe_${randomBytes(9).toString('base64url')}`;
  const parameters = options.parameters ?? {};
  const emit = (event: PipelineEvent) => options.onProgress?.(event);
  const store = createPipelineStore(context.database);
  const key = cacheKey(plan, options.task, parameters);
  const ttlMs = context.config.pipelines.cacheTtl;
  const record = (fields: Partial<RunRecord> & Pick<RunRecord, 'status'>) =>
    store.recordRun({
      id: runId,
      createdAt: startedAt,
      agent: plan.agent,
      task: options.task,
      parameters,
      phases: plan.phases.map((phase) => phase.phase),
      strategy: plan.strategyType,
      cacheKey: key,
      successfulPhases: 0,
      totalPhases: 0,
      totalTokens: 0,
      totalCost: 0,
      executionMs: Math.round(elapsedSeconds() * 1_000),
      models: [],
      ...fields,
    });
  emit({ type: 'plan', plan });

  const hit = options.cache !== false && ttlMs > 0 ? store.cached(key, now()) : undefined;
  if (hit) {
    const result: MultiModelResult = {
      ...hit.result,
      runId,
      plan,
      totalExecutionTime: elapsedSeconds(),
      totalTokensUsed: 0,
      totalCost: 0,
      trainingExample: undefined,
      cached: {
        runId: hit.runId,
        createdAt: hit.createdAt,
        originalCost: hit.result.totalCost,
        originalTokens: hit.result.totalTokensUsed,
      },
    };
    emit({ type: 'cache-hit', runId: hit.runId, createdAt: hit.createdAt });
    record({ ...summary(result), status: 'cached', cachedFrom: hit.runId, result });
    return result;
  }

  const outcome = await runDag({
    plans: plan.phases,
    maxParallel: plan.maxParallelPhases,
    signal: options.signal,
    onEvent: emit,
    runPhase: (phasePlan, phaseOutputs, signal) =>
      runPhase(context, {
        plan: phasePlan,
        prompt: buildPhasePrompt({
          plan: phasePlan,
          domainInstructions: plan.domainInstructions,
          task: options.task,
          parameters,
          phaseOutputs,
        }),
        runId,
        signal,
        consent: options.consent,
        sessionId: options.sessionId,
        apiKeyId: options.apiKeyId,
        onEvent: emit,
      }),
  });
  const totals = totalsOf(outcome.results);
  const fail = (error: ConclaveError): never => {
    record({
      ...totals,
      status: 'failed',
      errorKind: error.kind,
      errorMessage: error.message,
      result: { phaseResults: outcome.results },
    });
    throw error;
  };
  if (outcome.abortedBy) fail(abortError(plan, outcome.abortedBy, runId));
  if (options.signal?.aborted)
    fail(new ConclaveError('cancelled', `Pipeline "${plan.agent}" was cancelled (run ${runId}).`));
  const final = finalOutput(outcome.results);
  if (!final)
    fail(
      new ConclaveError('all-failed', `Every phase of pipeline "${plan.agent}" failed (run ${runId}).`, {
        attempts: outcome.results.flatMap(failuresOf),
        hint: 'Check the models with `conclave models` and the request log with `conclave logs --errors`.',
      }),
    );
  const validation = validationVerdict(outcome.results);
  const result: MultiModelResult = {
    strategyType: plan.strategyType,
    totalPhases: outcome.results.length,
    successfulPhases: outcome.results.filter((phase) => phase.success).length,
    phaseResults: outcome.results,
    finalResult: final!.text,
    totalExecutionTime: elapsedSeconds(),
    totalTokensUsed: totals.totalTokens,
    totalCost: totals.totalCost,
    modelsUsed: totals.models,
    runId,
    agent: plan.agent,
    finalPhase: final!.phase,
    skippedPhases: [...plan.skippedPhases, ...outcome.skipped],
    validation,
    plan,
  };
  const quality = plan.phases.find((phase) => phase.phase === final!.phase)?.estimate.quality ?? 0.5;
  result.trainingExample = context.training.collect({
    sourceKind: 'pipeline',
    sourceId: runId,
    taskType: plan.taskClass,
    messages: [{ role: 'user', content: trainingPrompt(options.task, parameters) }],
    response: result.finalResult,
    models: result.modelsUsed,
    ...answerQuality(validation, outcome.results, quality),
    metadata: { agent: plan.agent, phases: result.phaseResults.map((phase) => phase.phase) },
  });
  record({ ...summary(result), status: 'ok', finalResult: result.finalResult, result });
  if (ttlMs > 0 && options.cache !== false && result.successfulPhases === result.totalPhases)
    store.cache(key, result, now(), ttlMs);
  return result;
}

function totalsOf(results: readonly PhaseResult[]) {
  const succeeded = results.filter((phase) => phase.success);
  return {
    successfulPhases: succeeded.length,
    totalPhases: results.length,
    totalTokens: results.reduce((sum, phase) => sum + phase.tokensUsed, 0),
    totalCost: results.reduce((sum, phase) => sum + phase.costUsd, 0),
    models: [...new Set(succeeded.map((phase) => phase.modelUsed))],
  };
}

function summary(result: MultiModelResult) {
  return {
    successfulPhases: result.successfulPhases,
    totalPhases: result.totalPhases,
    totalTokens: result.totalTokensUsed,
    totalCost: result.totalCost,
    models: result.modelsUsed,
    finalResult: result.finalResult,
  };
}

function trainingPrompt(task: string, parameters: Record<string, unknown>): string {
  return Object.keys(parameters).length ? `${task}\n\nParameters: ${JSON.stringify(parameters)}` : task;
}
