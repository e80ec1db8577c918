import type { ConclaveError } from '../core/conclave-error.js';

export interface FailurePolicy {
  /** Stop everything and report this error (the request itself is the problem, or the user cancelled). */
  fatal: boolean;
  retrySameModel: boolean;
  /** Whether the failure says something about the model's health (opens circuits, lowers success rate). */
  countsAgainstHealth: boolean;
}

/** What the executor does after a failed attempt, by error kind. */
export function classifyFailure(error: ConclaveError): FailurePolicy {
  switch (error.kind) {
    case 'cancelled':
    case 'content-filter':
    case 'secret-detected':
    case 'consent-required':
    case 'budget':
      return { fatal: true, retrySameModel: false, countsAgainstHealth: false };
    case 'context-length':
      // Never retried on the same model; the executor moves to a larger-context model.
      return { fatal: false, retrySameModel: false, countsAgainstHealth: false };
    case 'bad-request':
    case 'not-found':
      return { fatal: false, retrySameModel: false, countsAgainstHealth: false };
    case 'rate-limit':
      // A retryable 429 is upstream pressure; a non-retryable one (quota, local limit) is not ill health.
      return { fatal: false, retrySameModel: error.retryable, countsAgainstHealth: error.retryable };
    case 'auth':
    case 'forbidden':
    case 'unavailable':
      return { fatal: false, retrySameModel: false, countsAgainstHealth: true };
    default:
      return { fatal: false, retrySameModel: error.retryable, countsAgainstHealth: true };
  }
}
