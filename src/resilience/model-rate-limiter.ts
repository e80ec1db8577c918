import { ConclaveError } from '../core/conclave-error.js';
import type { ModelProfile } from '../core/model-profile.js';
import type { RateLimiter } from './executor-types.js';
import { sleep } from './read-with-timeout.js';
import { createTokenBucket, type TokenBucket } from './token-bucket.js';

export interface ModelLimits {
  rpm?: number;
  tpm?: number;
}

/**
 * Upstream limits respected before they are hit: per-model (else per-provider) RPM and TPM buckets.
 * A call waits for its turn while the wait fits in the request's deadline; otherwise it fails fast as a
 * rate-limit error so the executor can fall back to another model.
 */
export function createModelRateLimiter(
  limitsFor: (model: ModelProfile) => { key: string; limits: ModelLimits } | undefined,
): RateLimiter {
  const buckets = new Map<string, { requests?: TokenBucket; tokens?: TokenBucket }>();
  const bucketsFor = (key: string, limits: ModelLimits) => {
    let entry = buckets.get(key);
    if (!entry) {
      entry = {
        requests: limits.rpm ? createTokenBucket({ capacity: limits.rpm, perMinute: limits.rpm }) : undefined,
        tokens: limits.tpm ? createTokenBucket({ capacity: limits.tpm, perMinute: limits.tpm }) : undefined,
      };
      buckets.set(key, entry);
    }
    return entry;
  };
  return {
    async acquire(model, estimatedTokens, signal, maxWaitMs) {
      const found = limitsFor(model);
      if (!found) return;
      const entry = bucketsFor(found.key, found.limits);
      while (true) {
        const requestWait = entry.requests?.take(1) ?? 0;
        const tokenWait = requestWait === 0 ? (entry.tokens?.take(estimatedTokens) ?? 0) : 0;
        if (requestWait === 0 && tokenWait === 0) return;
        if (requestWait === 0 && tokenWait > 0) entry.requests?.adjust(-1);
        const wait = Math.max(requestWait, tokenWait);
        if (wait > maxWaitMs) {
          throw new ConclaveError(
            'rate-limit',
            `${model.id}: local ${requestWait ? 'RPM' : 'TPM'} limit reached (next slot in ${wait} ms).`,
            {
              model: model.id,
              retryAfterMs: wait,
              retryable: false,
            },
          );
        }
        await sleep(wait, signal);
      }
    },
    settle(model, estimatedTokens, actualTokens) {
      const found = limitsFor(model);
      if (found) bucketsFor(found.key, found.limits).tokens?.adjust(actualTokens - estimatedTokens);
    },
  };
}
