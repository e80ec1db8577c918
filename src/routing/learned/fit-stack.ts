import { createSeededRandom, shuffleWith } from '../../core/sampling.js';
import { computeBasePredictions, stackInputsFor } from './base-predictions.js';
import { decisionScore } from './decision-score.js';
import type { PromptFeatures } from './featurize-prompt.js';
import type { NeighbourSet } from './knn-predictor.js';
import type { LogisticResiduals } from './logistic-residuals.js';
import type { RouterModel } from './router-model.js';
import { applyStack, HEAD_WEIGHTS, trainStackWeights } from './stacked-combiner.js';
import { type DenseExample, fitTaskPriors, priorFor, type TaskPriors } from './task-priors.js';

export interface StackFitInput {
  dense: DenseExample[];
  vectors: PromptFeatures[];
  taskTypes: string[];
  neighbours: NeighbourSet | null;
  fitLogistic: (members: number[], priors: TaskPriors) => LogisticResiduals | null;
  priors: TaskPriors;
  priorStrength: number;
  seed: number;
  folds: number;
  ridge: number;
  modelCount: number;
}

/** Task stacks are pulled harder toward the overall stack: a task has a fraction of the labels. */
const TASK_STACK_RIDGE = 10;
/** A more complex head must beat the simpler one by this much (AIQ / APGR points) on held-out folds. */
const HEAD_MARGIN = 0.002;

type Stack = NonNullable<RouterModel['stack']>;

/**
 * Cross-fitting: every example's base predictions come from predictors that never saw it. The
 * out-of-fold predictions then (1) fit the stacking weights and (2) pick, per task type, the
 * simplest head whose routing decisions are not worse — text signal is used only where it helps.
 */
export function fitStack(input: StackFitInput): Stack {
  const { dense, taskTypes, ridge, priors } = input;
  const stackInputs = outOfFoldInputs(input);
  const overall = stackInputs.map((inputs, model) =>
    trainStackWeights({ inputs, targets: dense.map((example) => example.quality[model] ?? null), ridge }),
  );
  const byTask: Stack['byTask'] = {};
  const heads: Stack['heads'] = {};
  for (const task of [...new Set(taskTypes)].sort()) {
    const members = taskTypes.flatMap((type, index) => (type === task ? [index] : []));
    const weights = stackInputs.map((inputs, model) =>
      trainStackWeights({
        inputs: members.map((index) => inputs[index] as number[]),
        targets: members.map((index) => dense[index]?.quality[model] ?? null),
        ridge: ridge * TASK_STACK_RIDGE,
        center: overall[model] as number[],
      }),
    );
    byTask[task] = weights;
    const queries = members.map((index) => dense[index] as DenseExample);
    const cost = priorFor(priors, task).cost;
    const score = (weightsFor: (model: number) => readonly number[]) =>
      decisionScore(
        queries,
        members.map((index) =>
          stackInputs.map((inputs, model) => applyStack(weightsFor(model), inputs[index] as number[])),
        ),
        members.map(() => cost),
      );
    let head: Stack['heads'][string] = 'prior';
    let best = score(() => HEAD_WEIGHTS.prior);
    const logistic = score(() => HEAD_WEIGHTS.logistic);
    if (logistic > best + HEAD_MARGIN) {
      head = 'logistic';
      best = logistic;
    }
    const stacked = score((model) => weights[model] as number[]);
    if (stacked > best + HEAD_MARGIN) head = 'stack';
    heads[task] = head;
  }
  return { overall, byTask, heads };
}

/** Stacking inputs per model and example, each computed by predictors fitted without that example's fold. */
function outOfFoldInputs(input: StackFitInput): number[][][] {
  const { dense, vectors, taskTypes, neighbours, fitLogistic, priorStrength, seed, folds, modelCount } =
    input;
  const order = shuffleWith(
    dense.map((_, index) => index),
    createSeededRandom(seed),
  );
  const foldOf = new Array<number>(dense.length);
  order.forEach((example, position) => {
    foldOf[example] = position % folds;
  });
  const stackInputs: number[][][] = Array.from({ length: modelCount }, () => []);
  for (let fold = 0; fold < folds; fold += 1) {
    const trainMembers = dense.flatMap((_, index) => (foldOf[index] === fold ? [] : [index]));
    const foldPriors = fitTaskPriors(
      trainMembers.map((index) => dense[index] as DenseExample),
      modelCount,
      priorStrength,
    );
    const logistic = fitLogistic(trainMembers, foldPriors);
    dense.forEach((_, index) => {
      if (foldOf[index] !== fold) return;
      // Neighbours use leave-one-out over the whole training set: cheaper than per-fold indexes, same idea.
      const base = computeBasePredictions(
        { priors: foldPriors, logistic, neighbours },
        vectors[index] as PromptFeatures,
        taskTypes[index],
        index,
      );
      for (let model = 0; model < modelCount; model += 1) {
        (stackInputs[model] as number[][])[index] = stackInputsFor(base, model);
      }
    });
  }
  return stackInputs;
}
