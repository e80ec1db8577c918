import type { SparseVector } from './sparse-vector.js';

/**
 * One logistic model per candidate that learns only the per-query residual on top of an offset
 * (the task-type prior's logit): with little data, the prior carries the signal and the text
 * features only move a query's odds when the evidence is there.
 */
export interface LogisticResiduals {
  /** Global feature index of each weight row. */
  features: number[];
  /** Flattened rows: weights[row * modelCount + model]. */
  weights: number[];
  bias: number[];
}

export interface LogisticTrainingInput {
  vectors: readonly SparseVector[];
  /** 0..1 target per example and model; null cells are ignored. */
  targets: readonly (readonly (number | null)[])[];
  /** Logit offset per example and model. */
  offsets: readonly (readonly number[])[];
  modelCount: number;
  /** L2 penalty per example (the loss is averaged). */
  l2: number;
  iterations: number;
  learningRate: number;
}

export const sigmoid = (value: number): number => 1 / (1 + Math.exp(-value));
export const logit = (probability: number): number => {
  const clipped = Math.min(1 - 1e-4, Math.max(1e-4, probability));
  return Math.log(clipped / (1 - clipped));
};

/** Full-batch Adam on the averaged, L2-penalised log loss: deterministic and needs no shuffling. */
export function trainLogisticResiduals(input: LogisticTrainingInput): LogisticResiduals {
  const { vectors, targets, offsets, modelCount, l2, iterations, learningRate } = input;
  const rowOf = new Map<number, number>();
  const local = vectors.map((vector) => ({
    rows: vector.indices.map((feature) => {
      let row = rowOf.get(feature);
      if (row === undefined) {
        row = rowOf.size;
        rowOf.set(feature, row);
      }
      return row;
    }),
    values: vector.values,
  }));
  const size = rowOf.size * modelCount;
  const weights = new Float64Array(size);
  const bias = new Float64Array(modelCount);
  const gradient = new Float64Array(size);
  const biasGradient = new Float64Array(modelCount);
  const moments = { first: new Float64Array(size + modelCount), second: new Float64Array(size + modelCount) };
  const counts = new Float64Array(modelCount).fill(0);
  targets.forEach((row) => {
    row.forEach((target, model) => {
      if (target !== null) counts[model] = (counts[model] as number) + 1;
    });
  });
  for (let step = 1; step <= iterations; step += 1) {
    for (let cell = 0; cell < size; cell += 1) gradient[cell] = l2 * (weights[cell] as number);
    biasGradient.fill(0);
    local.forEach((example, exampleIndex) => {
      const target = targets[exampleIndex] as readonly (number | null)[];
      const offset = offsets[exampleIndex] as readonly number[];
      for (let model = 0; model < modelCount; model += 1) {
        const label = target[model];
        if (label === null || label === undefined) continue;
        let score = (offset[model] as number) + (bias[model] as number);
        for (let position = 0; position < example.rows.length; position += 1) {
          score +=
            (weights[(example.rows[position] as number) * modelCount + model] as number) *
            (example.values[position] as number);
        }
        const error = (sigmoid(score) - label) / Math.max(1, counts[model] as number);
        biasGradient[model] = (biasGradient[model] as number) + error;
        for (let position = 0; position < example.rows.length; position += 1) {
          const cell = (example.rows[position] as number) * modelCount + model;
          gradient[cell] = (gradient[cell] as number) + error * (example.values[position] as number);
        }
      }
    });
    adamStep(weights, gradient, moments, 0, step, learningRate);
    adamStep(bias, biasGradient, moments, size, step, learningRate);
  }
  return {
    features: [...rowOf.keys()],
    weights: Array.from(weights, (value) => Math.round(value * 1e5) / 1e5),
    bias: Array.from(bias),
  };
}

function adamStep(
  parameters: Float64Array,
  gradient: Float64Array,
  moments: { first: Float64Array; second: Float64Array },
  offset: number,
  step: number,
  learningRate: number,
): void {
  const correctionFirst = 1 - 0.9 ** step;
  const correctionSecond = 1 - 0.999 ** step;
  for (let cell = 0; cell < parameters.length; cell += 1) {
    const grad = gradient[cell] as number;
    const first = 0.9 * (moments.first[offset + cell] as number) + 0.1 * grad;
    const second = 0.999 * (moments.second[offset + cell] as number) + 0.001 * grad * grad;
    moments.first[offset + cell] = first;
    moments.second[offset + cell] = second;
    parameters[cell] =
      (parameters[cell] as number) -
      (learningRate * (first / correctionFirst)) / (Math.sqrt(second / correctionSecond) + 1e-8);
  }
}

/** Cached row lookup for prediction: global feature → weight row. */
const rowCache = new WeakMap<LogisticResiduals, Map<number, number>>();

export function residualLogits(
  model: LogisticResiduals,
  vector: SparseVector,
  offsets: readonly number[],
): number[] {
  let rows = rowCache.get(model);
  if (!rows) {
    rows = new Map(model.features.map((feature, row) => [feature, row]));
    rowCache.set(model, rows);
  }
  const modelCount = model.bias.length;
  const scores = offsets.map((offset, index) => offset + (model.bias[index] as number));
  vector.indices.forEach((feature, position) => {
    const row = rows.get(feature);
    if (row === undefined) return;
    const value = vector.values[position] as number;
    for (let index = 0; index < modelCount; index += 1) {
      scores[index] = (scores[index] as number) + (model.weights[row * modelCount + index] as number) * value;
    }
  });
  return scores;
}
