import { sampleNormal } from '../../core/sampling.js';
import { logit, sigmoid } from '../learned/logistic-residuals.js';
import { normalizeSparse, type SparseVector, sparseFromMap } from '../learned/sparse-vector.js';
import { DEFAULT_FEATURE_OPTIONS, extractTermCounts } from '../learned/text-features.js';

/**
 * Default prior variance of every residual weight. Features are unit-length, so this is also the
 * prior variance of a query's residual logit; 0.01 was chosen by replaying the TRAIN streams (README).
 */
export const DEFAULT_RESIDUAL_VARIANCE = 0.01;
const FEATURES = { ...DEFAULT_FEATURE_OPTIONS, charNgramMin: 0 };

/**
 * Online Bayesian logistic residuals with a diagonal Gaussian posterior per model (Chapelle & Li,
 * 2011): sampling the weights gives Thompson exploration per query; each observed outcome is one
 * Laplace-style update of the chosen model only.
 */
export function createContextualArms(modelCount: number, priorVariance = DEFAULT_RESIDUAL_VARIANCE) {
  const means = Array.from({ length: modelCount }, () => new Map<number, number>());
  const precisions = Array.from({ length: modelCount }, () => new Map<number, number>());
  return {
    prepare(prompt: string): SparseVector {
      return normalizeSparse(sparseFromMap(extractTermCounts(prompt, FEATURES).words));
    },
    /** A Thompson draw of success: the task-level draw moved by a sampled per-query residual. */
    sample(context: SparseVector, model: number, base: number, random: () => number): number {
      const mean = means[model] as Map<number, number>;
      const precision = precisions[model] as Map<number, number>;
      let residual = 0;
      context.indices.forEach((feature, position) => {
        const weight =
          (mean.get(feature) ?? 0) +
          sampleNormal(random) / Math.sqrt(precision.get(feature) ?? 1 / priorVariance);
        residual += weight * (context.values[position] as number);
      });
      return sigmoid(logit(base) + residual);
    },
    update(context: SparseVector, model: number, alpha: number, beta: number, outcome: number): void {
      const mean = means[model] as Map<number, number>;
      const precision = precisions[model] as Map<number, number>;
      let score = logit(alpha / (alpha + beta));
      let variance = 0;
      context.indices.forEach((feature, position) => {
        const value = context.values[position] as number;
        score += (mean.get(feature) ?? 0) * value;
        variance += (value * value) / (precision.get(feature) ?? 1 / priorVariance);
      });
      const probability = sigmoid(score);
      const curvature = probability * (1 - probability);
      const step = (outcome - probability) / (1 + curvature * variance);
      context.indices.forEach((feature, position) => {
        const value = context.values[position] as number;
        const featurePrecision = precision.get(feature) ?? 1 / priorVariance;
        mean.set(feature, (mean.get(feature) ?? 0) + (step * value) / featurePrecision);
        precision.set(feature, featurePrecision + curvature * value * value);
      });
    },
  };
}
