import { ConclaveError } from '../core/conclave-error.js';
import type { ModelProfile } from '../core/model-profile.js';
import type { ConstraintContext } from './constraints.js';

/** No candidate survived the constraints: say why, and what would change that. */
export function noEligibleModel(
  excluded: { model: string; because: string }[],
  context: ConstraintContext,
): ConclaveError {
  const external = excluded.filter((entry) => entry.because.startsWith('external')).length;
  const hint =
    external > 0 && !context.allowExternal
      ? 'Cloud models are off: set privacy.allowExternal: true, or consent per request (header x-conclave-consent: external / --allow-external).'
      : 'Run `conclave models` to see which models are available and how to enable more.';
  const reasons = [...new Set(excluded.map((entry) => entry.because))].slice(0, 3).join('; ');
  const usable = excluded.filter((entry) => !entry.because.startsWith('not available'));
  const tooLong = usable.length > 0 && usable.every((entry) => entry.because.startsWith('context window'));
  return new ConclaveError(
    tooLong ? 'context-length' : 'unavailable',
    `No model can serve this ${context.taskClass} request (${reasons}).`,
    { hint, retryable: false },
  );
}

/** The model the request named cannot serve it: the error kind and hint match the reason. */
export function namedModelRefused(
  model: ModelProfile,
  because: string,
  context: ConstraintContext,
): ConclaveError {
  if (because.startsWith('external')) {
    return new ConclaveError(
      'consent-required',
      `${model.id} runs externally (${model.provider}) and external processing is off.`,
      {
        model: model.id,
        hint: 'Set privacy.allowExternal: true, or consent for this request (header x-conclave-consent: external / --allow-external).',
      },
    );
  }
  if (because.startsWith('context window')) {
    return new ConclaveError('context-length', `${model.id}: ${because}.`, {
      model: model.id,
      retryable: false,
    });
  }
  if (because.startsWith('circuit')) {
    const seconds = /probe in (\d+) s/.exec(because)?.[1];
    return new ConclaveError('unavailable', `${model.id} is temporarily unavailable: ${because}.`, {
      model: model.id,
      retryable: true,
      retryAfterMs: seconds ? Number(seconds) * 1_000 : undefined,
      hint: 'Retry later, or allow fallbacks (conclave.allow_fallbacks) so another model can answer.',
    });
  }
  if (because.startsWith('not available')) {
    return new ConclaveError('unavailable', `${model.id} is ${because}.`, {
      model: model.id,
      retryable: false,
    });
  }
  return new ConclaveError(
    'bad-request',
    `${model.id} cannot serve this ${context.taskClass} request: ${because}.`,
    { model: model.id },
  );
}
