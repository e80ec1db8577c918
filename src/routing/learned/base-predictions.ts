import { featurizePrompt } from './featurize-prompt.js';
import { averageNeighbourOutcomes, type NeighbourSet, nearestNeighbours } from './knn-predictor.js';
import { type LogisticResiduals, logit, residualLogits } from './logistic-residuals.js';
import type { RouterModel } from './router-model.js';
import type { SparseVector } from './sparse-vector.js';
import { priorFor, type TaskPriors } from './task-priors.js';

/** Each base predictor's opinion for one prompt, as logits per model, before stacking. */
export interface BasePredictions {
  prior: number[];
  logistic: number[];
  neighbours: number[];
  /** +1 / −1 scaled by similarity when a near-duplicate training prompt exists, else 0. */
  nearDuplicate: number[];
}

/** Cosine above which a training prompt counts as a near-duplicate (e.g. a Winogrande twin). */
const DUPLICATE_FLOOR = 0.5;

export interface BaseParts {
  priors: TaskPriors;
  logistic: LogisticResiduals | null;
  neighbours: NeighbourSet | null;
}

export function computeBasePredictions(
  parts: BaseParts,
  vectors: { text: SparseVector; full: SparseVector },
  taskType: string | undefined,
  excludeNeighbour = -1,
): BasePredictions {
  const priorSuccess = priorFor(parts.priors, taskType).success;
  const prior = priorSuccess.map(logit);
  const logistic = parts.logistic ? residualLogits(parts.logistic, vectors.full, prior) : prior;
  if (!parts.neighbours) return { prior, logistic, neighbours: prior, nearDuplicate: prior.map(() => 0) };
  const found = nearestNeighbours(parts.neighbours, vectors.text, excludeNeighbour);
  const neighbours = averageNeighbourOutcomes(parts.neighbours, found, priorSuccess).map(logit);
  const top = found[0];
  const topOutcomes = top ? parts.neighbours.quality[top[0]] : undefined;
  const closeness = top ? Math.max(0, (top[1] - DUPLICATE_FLOOR) / (1 - DUPLICATE_FLOOR)) : 0;
  const nearDuplicate = prior.map((_, model) => {
    const outcome = topOutcomes?.[model];
    return outcome === null || outcome === undefined ? 0 : closeness * (2 * outcome - 1);
  });
  return { prior, logistic, neighbours, nearDuplicate };
}

/** Stacking inputs for one model: residuals relative to the prior so "no evidence" means 0. */
export function stackInputsFor(base: BasePredictions, model: number): number[] {
  const prior = base.prior[model] as number;
  return [
    1,
    prior,
    (base.logistic[model] as number) - prior,
    (base.neighbours[model] as number) - prior,
    base.nearDuplicate[model] as number,
  ];
}

/** Base predictions straight from a trained model file. */
export function basePredictionsFor(
  model: RouterModel,
  prompt: string,
  taskType: string | undefined,
): BasePredictions {
  const vectors = featurizePrompt(model, prompt, taskType);
  return computeBasePredictions(model, vectors, taskType);
}
