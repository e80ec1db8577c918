import type { StrategyOutcome } from '../ensemble-types.js';
import { runBestOfN } from './best-of-n.js';
import type { StrategyContext } from './strategy-context.js';

/**
 * Specialization: the members are the top models for the detected task type (chosen when the run is planned);
 * their answers are combined without extra calls — a reliability-weighted vote for closed forms, and for free
 * text the answer with the most reliability-weighted support, so the strongest specialist wins unless the
 * others agree on something else.
 */
export async function runSpecialization(context: StrategyContext): Promise<StrategyOutcome> {
  const outcome = await runBestOfN({ ...context, judgeMode: 'agreement' });
  return { ...outcome, source: outcome.candidates.length > 1 ? 'vote' : 'member' };
}
