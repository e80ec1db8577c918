import type { EmbeddingModelV4 } from '@ai-sdk/provider';
import type { AttemptSummary } from '../core/chat-request.js';
import { ConclaveError } from '../core/conclave-error.js';
import type { ModelProfile } from '../core/model-profile.js';
import type { RoutingDecision } from '../core/routing-decision.js';
import { mapProviderError } from '../providers/map-provider-error.js';
import { retryDelayMs } from './backoff.js';
import { createDeadline } from './deadline.js';
import type { ExecutorDependencies } from './executor-types.js';
import { classifyFailure } from './failure-policy.js';
import { sleep } from './read-with-timeout.js';

export interface EmbeddingOutcome {
  profile: ModelProfile;
  embeddings: number[][];
  tokens: number;
  attempts: AttemptSummary[];
  fallbacks: string[];
  latencyMs: number;
}

/** Embeddings with the same retry, fallback and circuit rules as chat (there is no stream to cut). */
export async function executeEmbedding(
  dependencies: Omit<ExecutorDependencies, 'languageModelFor'> & {
    embeddingModelFor: (profile: ModelProfile) => EmbeddingModelV4;
  },
  {
    values,
    dimensions,
    decision,
    signal,
  }: { values: string[]; dimensions?: number; decision: RoutingDecision; signal?: AbortSignal },
): Promise<EmbeddingOutcome> {
  const now = dependencies.now ?? Date.now;
  const deadline = createDeadline(dependencies.timeouts.deadlineMs, signal, now);
  const started = now();
  const attempts: AttemptSummary[] = [];
  const fallbacks: string[] = [];
  let lastError: ConclaveError | undefined;
  try {
    for (const [index, id] of decision.targets.entries()) {
      const profile = dependencies.profile(id);
      if (!profile || !dependencies.breakers.tryAcquire(profile.id)) continue;
      if (index > 0) fallbacks.push(decision.targets[index - 1]!);
      for (let attempt = 1; ; attempt += 1) {
        const attemptStart = now();
        try {
          const result = await dependencies
            .embeddingModelFor(profile)
            .doEmbed({ values, dimensions, abortSignal: deadline.signal });
          dependencies.breakers.recordSuccess(profile.id);
          attempts.push({
            model: profile.id,
            provider: profile.provider,
            ok: true,
            latencyMs: now() - attemptStart,
          });
          return {
            profile,
            embeddings: result.embeddings.map((embedding) => [...embedding]),
            tokens: result.usage?.tokens ?? Math.ceil(values.join(' ').length / 4),
            attempts,
            fallbacks,
            latencyMs: now() - started,
          };
        } catch (thrown) {
          const error = mapProviderError(deadline.signal.aborted ? deadline.signal.reason : thrown, {
            provider: profile.provider,
            model: profile.id,
          });
          lastError = error;
          attempts.push({
            model: profile.id,
            provider: profile.provider,
            ok: false,
            errorKind: error.kind,
            status: error.status,
            message: error.message,
            latencyMs: now() - attemptStart,
          });
          const policy = classifyFailure(error);
          if (policy.countsAgainstHealth) dependencies.breakers.recordFailure(profile.id);
          if (policy.fatal || deadline.signal.aborted) throw error;
          const delay = retryDelayMs(attempt, dependencies.retry, error.retryAfterMs);
          if (
            policy.retrySameModel &&
            attempt < dependencies.retry.maxAttempts &&
            delay < deadline.remainingMs() &&
            dependencies.retryBudget.tryAcquire(profile.id)
          ) {
            await sleep(delay, deadline.signal);
            continue;
          }
          break;
        }
      }
    }
  } finally {
    deadline.dispose();
  }
  throw attempts.length === 1 && lastError
    ? lastError
    : new ConclaveError(
        'all-failed',
        `Every embedding model failed (${attempts.map((attempt) => `${attempt.model}: ${attempt.errorKind}`).join('; ')}).`,
        {
          attempts: attempts.map((attempt) => ({
            model: attempt.model,
            provider: attempt.provider,
            kind: (attempt.errorKind ?? 'upstream') as ConclaveError['kind'],
            message: attempt.message ?? '',
          })),
        },
      );
}
