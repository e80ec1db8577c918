import { ConclaveError } from '../../core/conclave-error.js';
import { featurizePrompt, fitShapeStatistics, type PromptFeatures } from './featurize-prompt.js';
import { fitStack } from './fit-stack.js';
import type { NeighbourSet } from './knn-predictor.js';
import { type LogisticResiduals, logit, trainLogisticResiduals } from './logistic-residuals.js';
import type { MathWordFeatureName } from './math-word-features.js';
import type { RouterModel } from './router-model.js';
import { fitTaskCentroids } from './task-centroids.js';
import { type DenseExample, fitTaskPriors, priorFor, type TaskPriors } from './task-priors.js';
import { DEFAULT_FEATURE_OPTIONS, extractTermCounts, type FeatureOptions } from './text-features.js';
import { fitInverseDocumentFrequency } from './tfidf-vectorizer.js';

export interface RouterTrainingExample {
  prompt: string;
  taskType?: string;
  /** Per model: `correct` is 0/1 (or a 0..1 grade), `cost` USD per call; null = not observed. */
  outcomes: Record<string, { correct: number | null; cost: number | null }>;
}

export interface RouterTrainingOptions {
  seed?: number;
  features?: Partial<FeatureOptions>;
  /** Weight of the standardised shape features; 0 disables them. */
  shapeScale?: number;
  /** Maths word-problem features appended to the shape features (see math-word-features.ts). */
  mathFeatures?: readonly MathWordFeatureName[];
  /** false: the maths features enter only crossed with the task type. */
  mathFeaturesShared?: boolean;
  priorStrength?: number;
  logistic?: { l2: number; iterations: number; learningRate: number } | false;
  neighbours?: { k: number; power: number; priorStrength: number } | false;
  /** Out-of-fold stacking and per-task head choice; false adds the residuals to the prior with unit weights. */
  stack?: { folds: number; ridge: number } | false;
}

/** Defaults chosen by 5-fold cross-validation on the train splits only (bench/routing/README.md). */
export const DEFAULT_TRAINING_OPTIONS = {
  seed: 7,
  shapeScale: 1,
  mathFeatures: [] as readonly MathWordFeatureName[],
  priorStrength: 4,
  logistic: { l2: 0.01, iterations: 150, learningRate: 0.05 },
  neighbours: { k: 20, power: 2, priorStrength: 2 },
  stack: { folds: 5, ridge: 1 },
} as const;

const DEFAULT_TASK = 'default';

export function trainRouterModel(input: {
  examples: readonly RouterTrainingExample[];
  options?: RouterTrainingOptions;
}): RouterModel {
  const { examples, options = {} } = input;
  if (examples.length === 0)
    throw new ConclaveError('bad-request', 'trainRouterModel needs at least one example');
  const seed = options.seed ?? DEFAULT_TRAINING_OPTIONS.seed;
  const features: FeatureOptions = { ...DEFAULT_FEATURE_OPTIONS, ...options.features };
  const logisticOptions = options.logistic ?? DEFAULT_TRAINING_OPTIONS.logistic;
  const neighbourOptions = options.neighbours ?? DEFAULT_TRAINING_OPTIONS.neighbours;
  const stackOptions = options.stack ?? DEFAULT_TRAINING_OPTIONS.stack;
  const priorStrength = options.priorStrength ?? DEFAULT_TRAINING_OPTIONS.priorStrength;
  const mathFeatures = options.mathFeatures ?? DEFAULT_TRAINING_OPTIONS.mathFeatures;
  const models = [...new Set(examples.flatMap((example) => Object.keys(example.outcomes)))];
  const taskTypes = examples.map((example) => example.taskType ?? DEFAULT_TASK);
  const dense: DenseExample[] = examples.map((example, index) => ({
    taskType: taskTypes[index] as string,
    quality: models.map((model) => example.outcomes[model]?.correct ?? null),
    cost: models.map((model) => example.outcomes[model]?.cost ?? null),
  }));
  const prompts = examples.map((example) => example.prompt);
  const idf = fitInverseDocumentFrequency(prompts.map((prompt) => extractTermCounts(prompt, features)));
  const shape = {
    ...fitShapeStatistics(prompts, mathFeatures),
    scale: options.shapeScale ?? DEFAULT_TRAINING_OPTIONS.shapeScale,
    extra: [...mathFeatures],
    extraShared: options.mathFeaturesShared ?? true,
  };
  const parts = { features, idf, shape };
  const vectors = prompts.map((prompt, index) => featurizePrompt(parts, prompt, taskTypes[index]));
  const targets = dense.map((example) => example.quality);
  const priors = fitTaskPriors(dense, models.length, priorStrength);
  const fitLogistic = (members: number[], foldPriors: TaskPriors): LogisticResiduals | null =>
    logisticOptions === false
      ? null
      : trainLogisticResiduals({
          vectors: members.map((index) => (vectors[index] as PromptFeatures).full),
          targets: members.map((index) => targets[index] as (number | null)[]),
          offsets: members.map((index) => priorFor(foldPriors, taskTypes[index]).success.map(logit)),
          modelCount: models.length,
          ...logisticOptions,
        });
  const neighbours: NeighbourSet | null =
    neighbourOptions === false
      ? null
      : { vectors: vectors.map((vector) => vector.text), quality: targets, ...neighbourOptions };
  let stack: RouterModel['stack'] = null;
  if (stackOptions !== false && examples.length >= stackOptions.folds * 2) {
    stack = fitStack({
      dense,
      vectors,
      taskTypes,
      neighbours,
      fitLogistic,
      priors,
      priorStrength,
      seed,
      ...stackOptions,
      modelCount: models.length,
    });
  }
  const all = examples.map((_, index) => index);
  return {
    format: 'conclave-router-model',
    version: 1,
    models,
    features,
    idf,
    shape,
    priors,
    logistic: fitLogistic(all, priors),
    neighbours,
    stack,
    taskCentroids: fitTaskCentroids(
      vectors.map((vector) => vector.text),
      taskTypes,
    ),
    training: { examples: examples.length, seed, folds: stackOptions === false ? 0 : stackOptions.folds },
  };
}
