import type { PhaseKind, PipelineStrategy } from '../../config/sections/pipelines.js';
import type { AttemptSummary, Objective, RoutingOptions } from '../../core/chat-request.js';
import type { LatencyClass, ModelLocation } from '../../core/model-profile.js';
import type { TaskClass } from '../../core/task-class.js';

export type { PhaseKind, PipelineStrategy };

/** One phase of a pipeline as defined (built-in or config), before routing. */
export interface PhaseDefinition {
  name: string;
  kind: PhaseKind;
  /** Explicit dependencies (a missing list means "the phase listed before"; resolved by the loader). */
  dependsOn: string[];
  prompt?: string;
  critical?: boolean;
  objective?: Objective;
  taskClass?: TaskClass;
  minQuality?: number;
  maxCostUsd?: number;
  maxLatencyClass?: LatencyClass;
  localOnly?: boolean;
  models?: string[];
  fallbackModels?: string[];
  allow?: string[];
  deny?: string[];
  timeoutMs?: number;
  maxOutputTokens?: number;
  temperature?: number;
}

/** An agent profile: a named pipeline of phases for one kind of task. */
export interface PipelineDefinition {
  name: string;
  description: string;
  taskClass: TaskClass;
  objective?: Objective;
  instructions?: string;
  strategy?: PipelineStrategy;
  phases: PhaseDefinition[];
  source: 'built-in' | 'config';
}

export interface SkippedPhase {
  phase: string;
  /** disabled: not in enablePhases; adaptive: dropped for a simple task; failed: failed on every model. */
  cause: 'disabled' | 'adaptive' | 'failed';
  reason: string;
}

/** Which model runs a phase and why: the answer of `matchAgentToModels`. */
export interface PhasePlan {
  phase: string;
  kind: PhaseKind;
  /** Effective dependencies after disabled phases were bridged. */
  dependsOn: string[];
  critical: boolean;
  primaryModel: { model: string; provider: string; location: ModelLocation };
  fallbackModels: string[];
  routing: RoutingOptions;
  reason: string;
  estimate: { costUsd: number; latencyMs: number; quality: number };
  timeoutMs: number;
  instructions: string;
  temperature?: number;
  maxOutputTokens?: number;
}

export interface AdaptiveTraits {
  complexity: 'simple' | 'normal' | 'complex';
  speed: boolean;
  creative: boolean;
  /** The words that triggered each trait ("simple: basic", "speed: urgent"). */
  signals: string[];
  /** What changed because of them. */
  changes: string[];
}

export interface PipelinePlan {
  agent: string;
  description: string;
  taskClass: TaskClass;
  strategyType: PipelineStrategy;
  phases: PhasePlan[];
  skippedPhases: SkippedPhase[];
  adaptive: AdaptiveTraits;
  maxParallelPhases: number;
  /** The profile's domain instructions, added to every phase's system prompt. */
  domainInstructions?: string;
  /** Identifies the definition the plan came from (part of the cache key). */
  definitionHash: string;
}

/** One phase's outcome. Times are in seconds, like the brief's result structure. */
export interface PhaseResult {
  phase: string;
  modelUsed: string;
  providerUsed: string;
  success: boolean;
  result: string | null;
  executionTime: number;
  tokensUsed: number;
  error?: string;
  kind: PhaseKind;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** Epoch milliseconds: when the phase started and ended (shows which phases overlapped). */
  startedAt: number;
  finishedAt: number;
  /** Every model call of the phase, the failed ones first. */
  attempts: AttemptSummary[];
  /** Models that failed before the one that answered. */
  fallbacks: string[];
  requestIds: string[];
}

export interface ValidationVerdict {
  phase: string;
  verdict: 'pass' | 'fail' | 'unknown';
  reasons: string;
}

export interface MultiModelResult {
  strategyType: PipelineStrategy;
  totalPhases: number;
  successfulPhases: number;
  phaseResults: PhaseResult[];
  finalResult: string;
  /** Seconds. */
  totalExecutionTime: number;
  totalTokensUsed: number;
  totalCost: number;
  modelsUsed: string[];
  runId: string;
  agent: string;
  /** Which phase's output is `finalResult`. */
  finalPhase: string;
  skippedPhases: SkippedPhase[];
  validation?: ValidationVerdict;
  /** Set when the result came from the cache: nothing was called and nothing was spent. */
  cached?: { runId: string; createdAt: number; originalCost: number; originalTokens: number };
  trainingExample?: { collected: boolean; quality: number; id?: string };
  plan: PipelinePlan;
}

/** Live progress of a run, for the CLI and the gateway's streamed stages. */
export type PipelineEvent =
  | { type: 'plan'; plan: PipelinePlan }
  | { type: 'cache-hit'; runId: string; createdAt: number }
  | { type: 'phase-start'; phase: string; model: string; attempt: number }
  | { type: 'phase-fallback'; phase: string; from: string; to: string; reason: string }
  | { type: 'phase-done'; phase: string; result: PhaseResult }
  | { type: 'phase-skipped'; phase: string; reason: string; result: PhaseResult }
  | { type: 'aborted'; phase: string; reason: string };
