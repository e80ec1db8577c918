/** Stands for a missing, failed or unreadable answer in a confusion matrix. */
export const NO_ANSWER = '-';

/**
 * A Dawid–Skene answer model for one task type: a prior over the right answer, and per model a confusion matrix
 * P(model answers a | right answer is g). The columns are the labels, then NO_ANSWER.
 */
export interface AnswerModel {
  labels: string[];
  prior: number[];
  /** Per model: one row per right answer (labels order), one column per given answer (labels, then NO_ANSWER). */
  confusion: Record<string, number[][]>;
}

/** One model's answer as evidence: the column index of its answer in the confusion matrix. */
export type Evidence = readonly (readonly [model: string, column: number])[];

export function columnOf(model: AnswerModel, value: string | undefined): number {
  const index = value === undefined ? -1 : model.labels.indexOf(value);
  return index >= 0 ? index : model.labels.length;
}

/** P(right answer = g | the answers so far), assuming models err independently given the right answer. */
export function answerPosterior(model: AnswerModel, evidence: Evidence): number[] {
  const logs = model.prior.map((probability) => Math.log(probability));
  for (const [name, column] of evidence) {
    const matrix = model.confusion[name];
    if (!matrix) continue;
    for (let gold = 0; gold < logs.length; gold += 1) logs[gold]! += Math.log(matrix[gold]![column]!);
  }
  const top = Math.max(...logs);
  const weights = logs.map((log) => Math.exp(log - top));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  return weights.map((weight) => weight / total);
}

export interface EscalationSettings {
  /** Models the policy may ask. */
  pool: readonly string[];
  /** Price of a dollar in expected right answers. */
  lambda: number;
  /** Most models asked per question. */
  maxDepth: number;
  costOf(model: string): number;
}

export interface EscalationStep {
  /** Expected P(right) − λ × expected further dollars under the answer model. */
  value: number;
  ask?: string;
  posterior: number[];
}

/**
 * The Bayes-optimal next step under the answer model: stop and give the most probable answer, or ask the model
 * whose expected improvement in P(right), looking ahead over every later choice, best pays for λ × its cost.
 * States are sets of answers (the posterior does not depend on order), so each is solved once per solver.
 */
export function createEscalationSolver(
  model: AnswerModel,
  settings: EscalationSettings,
): (evidence: Evidence) => EscalationStep {
  const memo = new Map<string, EscalationStep>();
  const columns = model.labels.length + 1;
  const solve = (state: Evidence): EscalationStep => {
    const key = state
      .map(([name, column]) => `${name}=${column}`)
      .sort()
      .join('|');
    const known = memo.get(key);
    if (known) return known;
    const posterior = answerPosterior(model, state);
    let best: EscalationStep = { value: Math.max(...posterior), posterior };
    if (state.length < settings.maxDepth) {
      for (const name of settings.pool) {
        const matrix = model.confusion[name];
        if (!matrix || state.some(([asked]) => asked === name)) continue;
        let value = -settings.lambda * settings.costOf(name);
        for (let column = 0; column < columns; column += 1) {
          const chance = posterior.reduce(
            (sum, probability, gold) => sum + probability * matrix[gold]![column]!,
            0,
          );
          if (chance > 1e-9) value += chance * solve([...state, [name, column]]).value;
        }
        if (value > best.value + 1e-12) best = { value, ask: name, posterior };
      }
    }
    memo.set(key, best);
    return best;
  };
  return solve;
}
