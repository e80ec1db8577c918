import { PHASE_NEEDS } from './phase-kinds.js';
import type { PhaseResult, ValidationVerdict } from './pipeline-types.js';

/**
 * The run's answer: the output of the last solution phase that succeeded (refinement, else generation).
 * A pipeline without a successful solution phase answers with its last successful phase of another kind,
 * checks (review, validation) last of all.
 */
export function finalOutput(results: readonly PhaseResult[]): { phase: string; text: string } | undefined {
  const succeeded = results.filter((result) => result.success && result.result !== null);
  const rank = (result: PhaseResult) =>
    PHASE_NEEDS[result.kind].producesSolution
      ? 2
      : result.kind === 'review' || result.kind === 'validation'
        ? 0
        : 1;
  const best = Math.max(-1, ...succeeded.map(rank));
  const chosen = succeeded.filter((result) => rank(result) === best).at(-1);
  return chosen ? { phase: chosen.phase, text: chosen.result ?? '' } : undefined;
}

/** The validation phase's verdict: "VERDICT: PASS|FAIL" on any line, then the reasons. */
export function validationVerdict(results: readonly PhaseResult[]): ValidationVerdict | undefined {
  const validation = results.filter((result) => result.kind === 'validation' && result.success).at(-1);
  if (!validation?.result) return undefined;
  const match = /verdict\s*[:=-]?\s*\**\s*(pass(?:ed)?|fail(?:ed)?)\b/i.exec(validation.result);
  const verdict = match ? (match[1]!.toLowerCase().startsWith('pass') ? 'pass' : 'fail') : 'unknown';
  const reasons = match
    ? validation.result
        .slice(match.index + match[0].length)
        .replace(/^\**\s*[.:]?\s*/, '')
        .trim()
    : validation.result.trim();
  return { phase: validation.phase, verdict, reasons };
}

/**
 * How much to trust the answer as a training example (0..1): a passed validation is strong evidence, a
 * failed one disqualifies it; otherwise the answering model's expected quality, a little higher after review.
 */
export function answerQuality(
  verdict: ValidationVerdict | undefined,
  results: readonly PhaseResult[],
  expectedQuality: number,
): { base: number; modelsAgreed: boolean } {
  if (verdict?.verdict === 'pass') return { base: Math.max(0.75, expectedQuality), modelsAgreed: true };
  if (verdict?.verdict === 'fail') return { base: Math.min(0.3, expectedQuality), modelsAgreed: false };
  const reviewed = results.some((result) => result.kind === 'review' && result.success);
  return { base: Math.min(1, expectedQuality + (reviewed ? 0.05 : 0)), modelsAgreed: false };
}
