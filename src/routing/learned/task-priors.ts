/** A training example as the learned router sees it: outcomes in the model order of the router. */
export interface DenseExample {
  taskType: string;
  /** 0..1 outcome per model; null when unknown (skipped, not counted as wrong). */
  quality: (number | null)[];
  /** USD per call per model; null when unknown. */
  cost: (number | null)[];
}

/** Per-model success rate and cost, overall and per task type; plain numbers so they serialise. */
export interface TaskPriors {
  overall: { success: number[]; cost: number[] };
  byTask: Record<string, { success: number[]; cost: number[]; count: number }>;
  /** Pseudo-count pulling a task's rate toward the overall rate (small tasks borrow strength). */
  strength: number;
}

function meanOf(values: (number | null)[][], model: number): { sum: number; count: number } {
  let sum = 0;
  let count = 0;
  for (const row of values) {
    const value = row[model];
    if (value === null || value === undefined) continue;
    sum += value;
    count += 1;
  }
  return { sum, count };
}

export function fitTaskPriors(
  examples: readonly DenseExample[],
  modelCount: number,
  strength = 4,
): TaskPriors {
  const models = [...Array(modelCount).keys()];
  const qualities = examples.map((example) => example.quality);
  const costs = examples.map((example) => example.cost);
  const overallSuccess = models.map((model) => {
    const { sum, count } = meanOf(qualities, model);
    // A model never observed gets an uninformative 0.5.
    return (sum + 1) / (count + 2);
  });
  const overallCost = models.map((model) => {
    const { sum, count } = meanOf(costs, model);
    return count > 0 ? sum / count : 0;
  });
  const byTask: TaskPriors['byTask'] = {};
  const tasks = [...new Set(examples.map((example) => example.taskType))].sort();
  for (const task of tasks) {
    const members = examples.filter((example) => example.taskType === task);
    const taskQualities = members.map((example) => example.quality);
    const taskCosts = members.map((example) => example.cost);
    byTask[task] = {
      count: members.length,
      success: models.map((model) => {
        const { sum, count } = meanOf(taskQualities, model);
        return (sum + strength * (overallSuccess[model] as number)) / (count + strength);
      }),
      cost: models.map((model) => {
        const { sum, count } = meanOf(taskCosts, model);
        return count > 0 ? sum / count : (overallCost[model] as number);
      }),
    };
  }
  return { overall: { success: overallSuccess, cost: overallCost }, byTask, strength };
}

/** The prior for a task type, falling back to the overall figures for an unseen or missing type. */
export function priorFor(
  priors: TaskPriors,
  taskType: string | undefined,
): { success: number[]; cost: number[] } {
  const task = taskType === undefined ? undefined : priors.byTask[taskType];
  return task ?? priors.overall;
}
