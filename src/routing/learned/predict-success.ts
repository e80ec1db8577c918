import { computeBasePredictions, stackInputsFor } from './base-predictions.js';
import { featuresFor, preparePrompt } from './featurize-prompt.js';
import type { RouterModel } from './router-model.js';
import { applyStack, weightsFor } from './stacked-combiner.js';
import { inferTaskType } from './task-centroids.js';
import { priorFor } from './task-priors.js';

export interface PredictOptions {
  /** The caller's task type; inferred from the prompt (nearest task centroid) when absent. */
  taskType?: string;
}

/** Success probability per model, in `model.models` order (the allocation-light form for hot paths). */
export function predictSuccessVector(
  model: RouterModel,
  prompt: string,
  options: PredictOptions = {},
): number[] {
  const prepared = preparePrompt(model, prompt);
  const taskType = options.taskType ?? inferTaskType(model.taskCentroids, prepared.text);
  const vectors = featuresFor(model, prepared, taskType);
  const base = computeBasePredictions(model, vectors, taskType);
  return model.models.map((_, index) =>
    applyStack(weightsFor(model.stack, taskType, index), stackInputsFor(base, index)),
  );
}

/** Probability that each candidate model answers this prompt correctly. */
export function predictSuccess(
  model: RouterModel,
  prompt: string,
  options: PredictOptions = {},
): Record<string, number> {
  const vector = predictSuccessVector(model, prompt, options);
  return Object.fromEntries(model.models.map((id, index) => [id, vector[index] as number]));
}

/** Expected USD per call of each model for this task type (training averages). */
export function expectedCost(model: RouterModel, taskType?: string): Record<string, number> {
  const { cost } = priorFor(model.priors, taskType);
  return Object.fromEntries(model.models.map((id, index) => [id, cost[index] as number]));
}
