import type { LanguageModelV4, LanguageModelV4Content } from '@ai-sdk/provider';
import type { ConclaveConfig } from '../config/config-schema.js';
import type { AttemptSummary, ChatRequest, FinishReason } from '../core/chat-request.js';
import type { ModelProfile } from '../core/model-profile.js';
import type { RoutingDecision } from '../core/routing-decision.js';
import type { Usage } from '../core/usage.js';
import type { CircuitBreakers } from './circuit-breaker.js';
import type { HealthTracker } from './health-tracker.js';
import type { RetryBudget } from './retry-budget.js';

export interface RateLimiter {
  /** Waits until the model's RPM/TPM buckets allow the call; rejects when the wait would pass the deadline. */
  acquire(
    model: ModelProfile,
    estimatedTokens: number,
    signal: AbortSignal,
    maxWaitMs: number,
  ): Promise<void>;
  /** Corrects the token bucket with real usage once known. */
  settle?(model: ModelProfile, estimatedTokens: number, actualTokens: number): void;
}

export interface ExecutorDependencies {
  profile: (id: string) => ModelProfile | undefined;
  languageModelFor: (profile: ModelProfile, request?: ChatRequest) => LanguageModelV4;
  timeouts: ConclaveConfig['timeouts'];
  retry: ConclaveConfig['retry'];
  breakers: CircuitBreakers;
  health: HealthTracker;
  retryBudget: RetryBudget;
  limiter?: RateLimiter;
  random?: () => number;
  now?: () => number;
}

export interface ExecutionInput {
  request: ChatRequest;
  decision: RoutingDecision;
  /** Larger-context eligible models to try after a context-length failure, best first. */
  largerContextModels?: (minimumContextWindow: number, exclude: ReadonlySet<string>) => string[];
}

export interface ExecutionOutcome {
  profile: ModelProfile;
  content: LanguageModelV4Content[];
  text: string;
  finishReason: FinishReason;
  usage: Usage;
  usageEstimated: boolean;
  latencyMs: number;
  ttftMs: number | undefined;
  attempts: AttemptSummary[];
  fallbacks: string[];
  /** Costs per attempt (failed attempts are never billed as completions: they cost 0 here). */
  startedAt: number;
  warnings: string[];
}
