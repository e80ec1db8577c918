import { ConclaveError, type ErrorKind } from '../../core/conclave-error.js';
import type { PhaseResult, PipelinePlan } from './pipeline-types.js';

const DECISIVE: ReadonlySet<ErrorKind> = new Set([
  'secret-detected',
  'consent-required',
  'content-filter',
  'context-length',
  'timeout',
]);

/** The run's error when a critical phase failed on every model: which phase, which models, why each failed. */
export function abortError(plan: PipelinePlan, failed: PhaseResult, runId: string): ConclaveError {
  const tried = [...new Set(failed.attempts.map((attempt) => attempt.model))];
  const kinds = [...new Set(failed.attempts.map((attempt) => attempt.errorKind))] as ErrorKind[];
  // One shared cause (a secret in the task, no consent, every model timing out) says more than "all failed".
  const kind =
    kinds.length === 1 && kinds[0] && (tried.length === 1 || DECISIVE.has(kinds[0]))
      ? kinds[0]
      : 'all-failed';
  return new ConclaveError(
    kind,
    `Pipeline "${plan.agent}" aborted: critical phase "${failed.phase}" failed on ${tried.join(', ') || 'every model'} (run ${runId}).`,
    {
      retryable: false,
      attempts: failuresOf(failed),
      hint:
        kind === 'all-failed'
          ? `Each model's error is listed below. Add fallbackModels to the phase (pipelines.profiles.${plan.agent}), make more models available, or see \`conclave pipeline plan ${plan.agent}\`.`
          : (failed.error ?? undefined),
    },
  );
}

/** A phase's failed attempts in ConclaveError's `attempts` shape, each message prefixed with the phase. */
export function failuresOf(phase: PhaseResult) {
  return phase.attempts
    .filter((attempt) => !attempt.ok)
    .map((attempt) => ({
      model: attempt.model,
      provider: attempt.provider,
      kind: (attempt.errorKind ?? 'upstream') as ErrorKind,
      message: `${phase.phase}: ${attempt.message ?? 'failed'}`,
    }));
}
