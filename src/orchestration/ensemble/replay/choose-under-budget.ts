/** One candidate configuration for one task, measured on the train split. */
export interface TaskOption<T> {
  right: number;
  costUsd: number;
  config: T;
}

export type Goal =
  /** Most right answers at no more than this many dollars per query. */
  | { kind: 'budget'; maxCostPerQuery: number }
  /** Fewest dollars with at least this many right answers. */
  | { kind: 'match'; minRight: number };

/** Prices of a dollar (in right answers) to try: log-spaced, so cheap and expensive trade-offs are both covered. */
export const LAMBDAS = Array.from({ length: 61 }, (_, index) => (index === 0 ? 0 : 10 ** (-1 + index / 10)));

/**
 * Picks one option per task for a goal over all tasks together: for each price λ every task takes the option
 * maximising right − λ × cost (a shared λ is what a single global budget calls for); the best λ meeting the goal
 * wins. Options come per λ, so trained policies (which depend on λ) fit in as well as fixed configurations.
 */
export function chooseUnderBudget<T>(
  optionsAt: (lambda: number, task: string) => TaskOption<T>[],
  tasks: readonly string[],
  queries: number,
  goal: Goal,
): { lambda: number; picks: Map<string, TaskOption<T>>; right: number; costUsd: number } | undefined {
  let best: { lambda: number; picks: Map<string, TaskOption<T>>; right: number; costUsd: number } | undefined;
  for (const lambda of LAMBDAS) {
    const picks = new Map<string, TaskOption<T>>();
    for (const task of tasks) {
      const options = optionsAt(lambda, task);
      const pick = options.reduce<TaskOption<T> | undefined>(
        (chosen, option) =>
          !chosen || option.right - lambda * option.costUsd > chosen.right - lambda * chosen.costUsd
            ? option
            : chosen,
        undefined,
      );
      if (pick) picks.set(task, pick);
    }
    // Every task needs a configuration; a task without candidates makes the goal unreachable.
    if (picks.size < tasks.length) continue;
    const right = [...picks.values()].reduce((sum, pick) => sum + pick.right, 0);
    const costUsd = [...picks.values()].reduce((sum, pick) => sum + pick.costUsd, 0);
    const feasible =
      goal.kind === 'budget' ? costUsd / queries <= goal.maxCostPerQuery : right >= goal.minRight;
    if (!feasible) continue;
    const better =
      !best ||
      (goal.kind === 'budget'
        ? right > best.right
        : costUsd < best.costUsd || (costUsd === best.costUsd && right > best.right));
    if (better) best = { lambda, picks, right, costUsd };
  }
  return best;
}
