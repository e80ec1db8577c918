import type { EnsembleStrategyName } from '../../config/sections/ensemble.js';
import { ConclaveError } from '../../core/conclave-error.js';
import type { ModelProfile } from '../../core/model-profile.js';
import type { EnsembleMember } from './ensemble-types.js';
import { listIds } from './select-members.js';

/** Most reliable first; equally reliable members cheaper first. */
const byStrength = (left: EnsembleMember, right: EnsembleMember) =>
  right.reliability - left.reliability || left.estimatedCostUsd - right.estimatedCostUsd;

/**
 * The members a strategy gets when none are named: the `count` most reliable models for the task type; for a
 * cascade the most reliable one plus the cheapest capable ones (at least as reliable as the median), because a
 * cascade saves money only when its first stages are cheap.
 */
export function chooseMembers(
  strategy: EnsembleStrategyName,
  candidates: EnsembleMember[],
  count: number,
  eligible: readonly ModelProfile[],
): string[] {
  if (count > candidates.length)
    throw new ConclaveError(
      'bad-request',
      `--models ${count} asks for ${count} members, but only ${candidates.length} model${candidates.length === 1 ? ' is' : 's are'} available: ${listIds(eligible)}.`,
      {
        param: 'numModels',
        hint: `Use --models ${Math.max(1, candidates.length)} or fewer, or make more models available (conclave models --available; --allow-external for cloud models).`,
      },
    );
  const ranked = [...candidates].sort(byStrength);
  if (strategy !== 'cascade' || count < 2) return ranked.slice(0, count).map((member) => member.model);
  const [best, ...rest] = ranked;
  const median = ranked[Math.floor(ranked.length / 2)]!.reliability;
  const cheap = rest
    .filter((member) => member.reliability >= median)
    .sort((left, right) => left.estimatedCostUsd - right.estimatedCostUsd || byStrength(left, right));
  const fill = rest.filter((member) => !cheap.includes(member));
  return [best!, ...[...cheap, ...fill].slice(0, count - 1)].map((member) => member.model);
}

/** The most reliable model (judge, aggregator); a one-line error when there is none. */
export function strongest(candidates: EnsembleMember[], role: string): string {
  const best = [...candidates].sort(byStrength)[0];
  if (!best)
    throw new ConclaveError('bad-request', `No model is available to act as ${role}.`, {
      hint: 'Make a model available (conclave models --available) or set it in conclave.yaml (ensemble.judge.model / ensemble.aggregator).',
    });
  return best.model;
}
