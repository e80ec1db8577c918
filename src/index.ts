// Conclave's public library API (re-exports only, plus the one factory).
import type { ConclaveConfigInput } from './config/config-schema.js';
import { configSchema } from './config/config-schema.js';
import { createConclaveLanguageModel } from './engine/conclave-language-model.js';
import { type CreateEngineOptions, createEngine } from './engine.js';

export interface CreateConclaveOptions extends Omit<CreateEngineOptions, 'config'> {
  /** A config object (same shape as conclave.yaml); omit to read conclave.yaml / auto-discover. */
  config?: ConclaveConfigInput;
}

/**
 * Creates a Conclave: the same engine the CLI and gateway use. `conclave.languageModel('auto')` is an AI SDK
 * model; `stream`/`generate` take Conclave's own request shape; `orchestration` feeds councils, ensembles
 * and pipelines.
 */
export async function createConclave(options: CreateConclaveOptions = {}) {
  const { config, ...rest } = options;
  const engine = await createEngine({
    ...rest,
    config: config === undefined ? undefined : configSchema.parse(config),
  });
  return {
    ...engine,
    /** Conclave as an AI SDK language model (`'auto'`, `'auto:cost'`, a model id, `council/…`, `pipeline/…`). */
    languageModel: (model = 'auto') => createConclaveLanguageModel(engine.stream, model),
  };
}

export type Conclave = Awaited<ReturnType<typeof createConclave>>;

export { type Archetype, BUILTIN_ARCHETYPES } from './catalog/archetypes.js';
export { BUILTIN_CATALOG } from './catalog/builtin-catalog.js';
export type { CatalogEntry, CatalogHost } from './catalog/catalog-entry.js';
export { type ConclaveConfig, type ConclaveConfigInput, configSchema } from './config/config-schema.js';
export { loadConfig } from './config/load-config.js';
export type {
  ChatRequest,
  ChatResult,
  ChatStreamPart,
  FinishReason,
  Objective,
  RoutingOptions,
} from './core/chat-request.js';
export { ConclaveError, type ErrorKind, isConclaveError } from './core/conclave-error.js';
export { ERROR_TABLE, toOpenAIError } from './core/error-table.js';
export type { LatencyClass, LicenseTier, ModelLocation, ModelProfile } from './core/model-profile.js';
export type { RoutingDecision } from './core/routing-decision.js';
export { TASK_CLASSES, type TaskClass } from './core/task-class.js';
export type { Usage } from './core/usage.js';
export { createConclaveLanguageModel } from './engine/conclave-language-model.js';
export { type CreateEngineOptions, createEngine, type Engine } from './engine.js';
export { runDistillation } from './learning/distill/run-distillation.js';
export { importOutcomes } from './learning/evaluation/import/import-outcomes.js';
export { writeReport } from './learning/evaluation/report/write-report.js';
export { runEvaluation } from './learning/evaluation/runner/run-evaluation.js';
export { loadSuiteFile, loadSuites } from './learning/evaluation/suite/load-suite.js';
export { promoteExperiment, stopExperiment } from './learning/experiments/conclude-experiment.js';
export { defineExperiment } from './learning/experiments/define-experiment.js';
export { experimentReport } from './learning/experiments/experiment-report.js';
export { exportDataset } from './learning/export/export-dataset.js';
export { submitFeedback } from './learning/feedback/submit-feedback.js';
export { learningStats } from './learning/stats/learning-stats.js';
export { resolveAgent } from './orchestration/council/resolve-agent.js';
export { startCouncil } from './orchestration/council/run-council.js';
export type { EnsembleCallReport, EnsembleInput, EnsembleRun } from './orchestration/ensemble/ensemble.js';
export { createEnsemble, runEnsemble } from './orchestration/ensemble/ensemble.js';
export { startEnsemble } from './orchestration/ensemble/run-ensemble.js';
export type { AnswerModel } from './orchestration/ensemble/strategies/answer-posterior.js';
export type {
  CascadeState,
  EscalationDecision,
  EscalationPolicy,
} from './orchestration/ensemble/strategies/cascade-policy.js';
export { createThresholdPolicy } from './orchestration/ensemble/strategies/cascade-policy.js';
export { createPatternPolicy, type PolicyNode } from './orchestration/ensemble/strategies/pattern-policy.js';
export {
  createPosteriorPolicy,
  type PosteriorPolicyOptions,
} from './orchestration/ensemble/strategies/posterior-policy.js';
export type {
  ChatStream,
  OrchestrationContext,
  VirtualModelHandler,
} from './orchestration/orchestration-context.js';
export { executeWithMultiModel } from './orchestration/pipeline/execute-with-multi-model.js';
export { matchAgentToModels } from './orchestration/pipeline/match-agent-to-models.js';
export type { MultiModelResult, PhaseResult, PipelinePlan } from './orchestration/pipeline/pipeline-types.js';
export { redactSecrets, scanSecrets } from './privacy/scan-secrets.js';
export { assignModels, rotationDay } from './routing/rotation.js';
export { type RunningServer, startServer } from './server/start-server.js';
