import type { EnsembleStrategyName } from '../../../config/sections/ensemble.js';
import type { StrategyOutcome } from '../ensemble-types.js';
import { runBestOfN } from './best-of-n.js';
import { runCascade } from './cascade.js';
import { runConsensus } from './consensus.js';
import { runMixtureOfAgents } from './moa.js';
import { runSpecialization } from './specialization.js';
import type { StrategyContext } from './strategy-context.js';
import { runWeighted } from './weighted.js';

const STRATEGIES: Record<EnsembleStrategyName, (context: StrategyContext) => Promise<StrategyOutcome>> = {
  'best-of-n': runBestOfN,
  weighted: runWeighted,
  consensus: runConsensus,
  specialization: runSpecialization,
  moa: runMixtureOfAgents,
  cascade: runCascade,
};

/** Runs one strategy; live runs and benchmark replays both come through here, so they run the same code. */
export function runStrategy(
  strategy: EnsembleStrategyName,
  context: StrategyContext,
): Promise<StrategyOutcome> {
  return STRATEGIES[strategy](context);
}
