import { ENSEMBLE_STRATEGIES, type EnsembleStrategyName } from '../../config/sections/ensemble.js';
import { ConclaveError } from '../../core/conclave-error.js';

/** An unknown strategy name: the one-line error lists every strategy and preset. */
export function strategyError(name: string, presets: string[]): ConclaveError {
  const presetList = presets.length > 0 ? `; presets: ${presets.join(', ')}` : '';
  return new ConclaveError(
    'bad-request',
    `Unknown ensemble strategy "${name}". Valid strategies: ${ENSEMBLE_STRATEGIES.join(', ')}${presetList}.`,
    { param: 'strategy' },
  );
}

/** Thresholds are shares of agreement or probabilities: anything outside 0..1 is a mistake. */
export function checkThreshold(strategy: EnsembleStrategyName, threshold: number): void {
  if (Number.isFinite(threshold) && threshold >= 0 && threshold <= 1) return;
  const what = strategy === 'cascade' ? 'Cascade' : strategy === 'consensus' ? 'Consensus' : 'Ensemble';
  throw new ConclaveError(
    'bad-request',
    `${what} threshold ${threshold} is outside 0..1. Valid: a number from 0 to 1, e.g. 0.67 (two thirds must agree) or 1 (all must agree).`,
    { param: 'threshold' },
  );
}
