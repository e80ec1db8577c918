import {
  type AnswerModel,
  columnOf,
  createEscalationSolver,
  type EscalationStep,
  type Evidence,
} from './answer-posterior.js';
import type { CascadeState, EscalationDecision, EscalationPolicy } from './cascade-policy.js';

/** Prices are rounded to steps of 10^(1/40) (6 %), so one solved policy serves many requests. */
export const PRICE_STEPS_PER_DECADE = 40;

export interface PosteriorPolicyOptions {
  /** Models the policy may ask. */
  pool: readonly string[];
  /** Price of a dollar in expected right answers (tuned so the cascade meets its budget). */
  lambda: number;
  maxDepth: number;
  /** Typical cost of one call per model; a request's estimated costs scale it (longer prompts cost more). */
  typicalCostUsd: Record<string, number>;
}

/**
 * Bayesian escalation: after each model, the Dawid–Skene posterior over the right answer (each model's learned
 * confusion matrix, a prior over answers) decides whether asking another model is worth its price — expected
 * gain in P(right), looking ahead, against λ × that model's cost — and the answer is the posterior's most
 * probable one, which need not be the last model's. A request whose estimated costs are s × the typical ones
 * is solved at price λ·s.
 */
export function createPosteriorPolicy(model: AnswerModel, options: PosteriorPolicyOptions): EscalationPolicy {
  const solvers = new Map<number, (evidence: Evidence) => EscalationStep>();
  const solverAt = (step: number) => {
    const known = solvers.get(step);
    if (known) return known;
    const solver = createEscalationSolver(model, {
      pool: options.pool,
      lambda: 10 ** (step / PRICE_STEPS_PER_DECADE),
      maxDepth: options.maxDepth,
      costOf: (name) => options.typicalCostUsd[name] ?? 0,
    });
    solvers.set(step, solver);
    return solver;
  };
  const priceStep = (scale: number) =>
    Math.round(PRICE_STEPS_PER_DECADE * Math.log10(Math.max(options.lambda * scale, 1e-9)));
  const first = solverAt(priceStep(1))([]).ask;
  return {
    name: 'bayesian escalation',
    maxStages: options.maxDepth,
    first: () => (first ? [first] : []),
    next(state: CascadeState): EscalationDecision {
      const evidence: Evidence = state.asked.map((name) => [
        name,
        columnOf(model, state.replies.find((reply) => reply.model === name)?.answer?.value),
      ]);
      const step = solverAt(priceStep(costScale(options, state.costOf)))(evidence);
      const confidence = Math.max(...step.posterior);
      const percent = `${Math.round(confidence * 100)}%`;
      if (step.ask)
        return {
          stop: false,
          ask: [step.ask],
          confidence,
          reason: `posterior ${percent}: asking ${step.ask} is worth its cost`,
        };
      return {
        stop: true,
        confidence,
        value: model.labels[step.posterior.indexOf(confidence)],
        reason: `posterior ${percent}: no further model is worth its cost`,
      };
    },
  };
}

/** How much this request's estimated costs exceed the typical ones (1 without estimates). */
export function costScale(
  options: Pick<PosteriorPolicyOptions, 'pool' | 'typicalCostUsd'>,
  costOf: ((model: string) => number | undefined) | undefined,
): number {
  let estimated = 0;
  let typical = 0;
  for (const name of options.pool) {
    const cost = costOf?.(name);
    if (cost === undefined) continue;
    estimated += cost;
    typical += options.typicalCostUsd[name] ?? 0;
  }
  return estimated > 0 && typical > 0 ? estimated / typical : 1;
}
