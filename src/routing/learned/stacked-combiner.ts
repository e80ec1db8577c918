import { sigmoid } from './logistic-residuals.js';

/**
 * Per-model stacking: a 5-weight logistic over [1, prior logit, logistic residual, neighbour
 * residual, near-duplicate signal], fitted on out-of-fold predictions so it learns how far to
 * trust each base predictor (and it doubles as calibration). Ridge pulls toward "prior + both
 * residuals", so a model with few labels behaves like the plain sum.
 */
export const STACK_DEFAULT = [0, 1, 1, 1, 0];
/** Fixed weights of the simpler heads: the prior alone, and prior + logistic residual. */
export const HEAD_WEIGHTS = { prior: [0, 1, 0, 0, 0], logistic: [0, 1, 1, 0, 0] } as const;

type Head = 'prior' | 'logistic' | 'stack';
interface StackWeights {
  overall: number[][];
  byTask: Record<string, number[][]>;
  heads: Record<string, Head>;
}

/** The weights one model's prediction uses for a task type (no stack: the plain sum of residuals). */
export function weightsFor(
  stack: StackWeights | null,
  taskType: string | undefined,
  model: number,
): readonly number[] {
  if (!stack) return STACK_DEFAULT;
  const head = taskType === undefined ? 'stack' : (stack.heads[taskType] ?? 'stack');
  if (head !== 'stack') return HEAD_WEIGHTS[head];
  const weights = (taskType === undefined ? undefined : stack.byTask[taskType]) ?? stack.overall;
  return weights[model] ?? STACK_DEFAULT;
}

export interface StackTrainingInput {
  /** Meta-features per example for one model (each row has STACK_DEFAULT.length entries). */
  inputs: readonly (readonly number[])[];
  targets: readonly (number | null)[];
  ridge: number;
  /** Weights the ridge pulls toward (default STACK_DEFAULT; a task's stack is pulled toward the global one). */
  center?: readonly number[];
}

export function trainStackWeights({
  inputs,
  targets,
  ridge,
  center = STACK_DEFAULT,
}: StackTrainingInput): number[] {
  const width = STACK_DEFAULT.length;
  const weights = [...center];
  for (let iteration = 0; iteration < 25; iteration += 1) {
    const gradient = weights.map((weight, index) => ridge * (weight - (center[index] as number)));
    const hessian = Array.from({ length: width }, (_, row) =>
      Array.from({ length: width }, (_, column) => (row === column ? ridge : 0)),
    );
    inputs.forEach((input, example) => {
      const target = targets[example];
      if (target === null || target === undefined) return;
      const probability = sigmoid(
        input.reduce((sum, value, index) => sum + value * (weights[index] as number), 0),
      );
      const curvature = Math.max(probability * (1 - probability), 1e-6);
      for (let row = 0; row < width; row += 1) {
        gradient[row] = (gradient[row] as number) + (probability - target) * (input[row] as number);
        const hessianRow = hessian[row] as number[];
        for (let column = 0; column < width; column += 1) {
          hessianRow[column] =
            (hessianRow[column] as number) + curvature * (input[row] as number) * (input[column] as number);
        }
      }
    });
    const step = solveLinearSystem(hessian, gradient);
    let largest = 0;
    step.forEach((value, index) => {
      weights[index] = (weights[index] as number) - value;
      largest = Math.max(largest, Math.abs(value));
    });
    if (largest < 1e-7) break;
  }
  return weights;
}

export function applyStack(weights: readonly number[], input: readonly number[]): number {
  return sigmoid(input.reduce((sum, value, index) => sum + value * (weights[index] ?? 0), 0));
}

/** Gaussian elimination with partial pivoting; the systems here are 5×5 and positive definite. */
function solveLinearSystem(matrix: number[][], vector: number[]): number[] {
  const size = vector.length;
  const rows = matrix.map((row, index) => [...row, vector[index] as number]);
  for (let pivot = 0; pivot < size; pivot += 1) {
    let best = pivot;
    for (let row = pivot + 1; row < size; row += 1) {
      if (Math.abs(rows[row]?.[pivot] as number) > Math.abs(rows[best]?.[pivot] as number)) best = row;
    }
    [rows[pivot], rows[best]] = [rows[best] as number[], rows[pivot] as number[]];
    const pivotRow = rows[pivot] as number[];
    const pivotValue = pivotRow[pivot] as number;
    if (Math.abs(pivotValue) < 1e-12) continue;
    for (let row = pivot + 1; row < size; row += 1) {
      const current = rows[row] as number[];
      const factor = (current[pivot] as number) / pivotValue;
      for (let column = pivot; column <= size; column += 1) {
        current[column] = (current[column] as number) - factor * (pivotRow[column] as number);
      }
    }
  }
  const solution = new Array<number>(size).fill(0);
  for (let row = size - 1; row >= 0; row -= 1) {
    const current = rows[row] as number[];
    let sum = current[size] as number;
    for (let column = row + 1; column < size; column += 1)
      sum -= (current[column] as number) * (solution[column] as number);
    const diagonal = current[row] as number;
    solution[row] = Math.abs(diagonal) < 1e-12 ? 0 : sum / diagonal;
  }
  return solution;
}
