import type { SparseVector } from './sparse-vector.js';

/**
 * One logistic model per candidate that learns only the per-query residual on top of an offset
 * (the task-type prior's logit): with little data, the prior carries the signal and the text
 * features only move a query's odds when the evidence is there.
 */
export interface LogisticResiduals {
  /** Global feature index of each weight row. */
  features: number[];
  /** Flattened rows: weights[row * modelCount + model], so one feature's weights are contiguous. */
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

interface LocalExample {
  rows: Int32Array;
  values: Float64Array;
  /** Targets with NaN for unknown cells, and offsets, one entry per model. */
  targets: Float64Array;
  offsets: Float64Array;
}

/** Full-batch Adam on the averaged, L2-penalised log loss: deterministic and needs no shuffling. */
export function trainLogisticResiduals(input: LogisticTrainingInput): LogisticResiduals {
  const { vectors, targets, offsets, modelCount, l2, iterations, learningRate } = input;
  const rowOf = new Map<number, number>();
  const examples: LocalExample[] = vectors.map((vector, index) => ({
    rows: Int32Array.from(vector.indices, (feature) => {
      let row = rowOf.get(feature);
      if (row === undefined) {
        row = rowOf.size;
        rowOf.set(feature, row);
      }
      return row;
    }),
    values: Float64Array.from(vector.values),
    targets: Float64Array.from(targets[index] ?? [], (target) => (target === null ? Number.NaN : target)),
    offsets: Float64Array.from(offsets[index] ?? []),
  }));
  const size = rowOf.size * modelCount;
  const parameters = new Float64Array(size + modelCount);
  const gradient = new Float64Array(size + modelCount);
  const moments = { first: new Float64Array(size + modelCount), second: new Float64Array(size + modelCount) };
  const counts = new Float64Array(modelCount);
  for (const example of examples) {
    for (let model = 0; model < modelCount; model += 1)
      if (!Number.isNaN(example.targets[model])) counts[model]! += 1;
  }
  const errors = new Float64Array(modelCount);
  for (let step = 1; step <= iterations; step += 1) {
    for (let cell = 0; cell < size; cell += 1) gradient[cell] = l2 * parameters[cell]!;
    gradient.fill(0, size);
    for (const example of examples) {
      for (let model = 0; model < modelCount; model += 1)
        errors[model] = example.offsets[model]! + parameters[size + model]!;
      for (let position = 0; position < example.rows.length; position += 1) {
        const base = example.rows[position]! * modelCount;
        const value = example.values[position]!;
        for (let model = 0; model < modelCount; model += 1)
          errors[model]! += parameters[base + model]! * value;
      }
      for (let model = 0; model < modelCount; model += 1) {
        const label = example.targets[model]!;
        // Unknown outcomes contribute no gradient.
        errors[model] = Number.isNaN(label)
          ? 0
          : (sigmoid(errors[model]!) - label) / Math.max(1, counts[model]!);
        gradient[size + model]! += errors[model]!;
      }
      for (let position = 0; position < example.rows.length; position += 1) {
        const base = example.rows[position]! * modelCount;
        const value = example.values[position]!;
        for (let model = 0; model < modelCount; model += 1) gradient[base + model]! += errors[model]! * value;
      }
    }
    adamStep(parameters, gradient, moments, step, learningRate);
  }
  return {
    features: [...rowOf.keys()],
    weights: Array.from(parameters.subarray(0, size), (value) => Math.round(value * 1e5) / 1e5),
    bias: Array.from(parameters.subarray(size)),
  };
}

function adamStep(
  parameters: Float64Array,
  gradient: Float64Array,
  moments: { first: Float64Array; second: Float64Array },
  step: number,
  learningRate: number,
): void {
  const correctionFirst = 1 - 0.9 ** step;
  const correctionSecond = 1 - 0.999 ** step;
  for (let cell = 0; cell < parameters.length; cell += 1) {
    const grad = gradient[cell]!;
    const first = 0.9 * moments.first[cell]! + 0.1 * grad;
    const second = 0.999 * moments.second[cell]! + 0.001 * grad * grad;
    moments.first[cell] = first;
    moments.second[cell] = second;
    parameters[cell]! -=
      (learningRate * (first / correctionFirst)) / (Math.sqrt(second / correctionSecond) + 1e-8);
  }
}

interface CompiledResiduals {
  rows: Map<number, number>;
  weights: Float64Array;
}

/** Typed-array copy and row lookup, built once per model object (prediction is the hot path). */
const compiledCache = new WeakMap<LogisticResiduals, CompiledResiduals>();

/** Logit per model: offset + bias + weights · features. */
export function residualLogits(
  model: LogisticResiduals,
  vector: SparseVector,
  offsets: readonly number[],
): number[] {
  let compiled = compiledCache.get(model);
  if (!compiled) {
    compiled = {
      rows: new Map(model.features.map((feature, row) => [feature, row])),
      weights: Float64Array.from(model.weights),
    };
    compiledCache.set(model, compiled);
  }
  const { rows, weights } = compiled;
  const modelCount = model.bias.length;
  const scores = offsets.map((offset, index) => offset + (model.bias[index] ?? 0));
  for (let position = 0; position < vector.indices.length; position += 1) {
    const row = rows.get(vector.indices[position]!);
    if (row === undefined) continue;
    const value = vector.values[position]!;
    const base = row * modelCount;
    for (let index = 0; index < modelCount; index += 1) scores[index]! += weights[base + index]! * value;
  }
  return scores;
}
