import type { CouncilCall } from './council-run.js';

export interface CouncilBudgetLimits {
  maxCostUsd?: number;
  maxSeconds?: number;
}

/**
 * The run's spending so far against its caps. Caps are checked between stages: a stage in flight finishes,
 * but once a cap is reached no further stage (debate round, review, synthesis) is started.
 */
export function createCouncilBudget(limits: CouncilBudgetLimits, { now = Date.now } = {}) {
  const startedAt = now();
  let spentUsd = 0;
  return {
    add(calls: readonly CouncilCall[]): void {
      for (const call of calls) spentUsd += call.costUsd;
    },
    get spentUsd() {
      return spentUsd;
    },
    elapsedMs: () => now() - startedAt,
    /** Why no further stage may start, or undefined while within both caps. */
    exceeded(): string | undefined {
      if (limits.maxCostUsd !== undefined && spentUsd >= limits.maxCostUsd)
        return `cost cap reached: $${spentUsd.toFixed(6)} spent of $${limits.maxCostUsd} (council.budget.maxCostUsd / --max-cost)`;
      const seconds = (now() - startedAt) / 1000;
      if (limits.maxSeconds !== undefined && seconds >= limits.maxSeconds)
        return `time cap reached: ${seconds.toFixed(1)} s of ${limits.maxSeconds} s (council.budget.maxSeconds / --max-seconds)`;
      return undefined;
    },
  };
}

export type CouncilBudget = ReturnType<typeof createCouncilBudget>;
