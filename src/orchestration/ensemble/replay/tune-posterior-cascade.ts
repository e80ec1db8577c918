import {
  type AnswerModel,
  columnOf,
  createEscalationSolver,
  type EscalationStep,
  type Evidence,
} from '../strategies/answer-posterior.js';
import { costScale, createPosteriorPolicy, PRICE_STEPS_PER_DECADE } from '../strategies/posterior-policy.js';
import type { Goal } from './choose-under-budget.js';
import { fitAnswerModel } from './fit-answer-model.js';
import { key } from './fit-reliability.js';
import type { ReplayStrategy } from './replay-strategy.js';
import { type PatternRow, toPatternRows } from './train-pattern-policy.js';
import type { TuningInput } from './tune-cascades.js';

/** Most models asked per question: 5-fold cross-validation on train preferred 3 over 2 and 4. */
const MAX_DEPTH = 3;
/** Prices tried, as steps of the policy's price grid: 10^-0.5 … 10^3 dollars⁻¹. */
const PRICE_STEPS = Array.from(
  { length: 3.5 * PRICE_STEPS_PER_DECADE + 1 },
  (_, index) => index - PRICE_STEPS_PER_DECADE / 2,
);

interface TaskModel {
  model: AnswerModel;
  pool: string[];
  typicalCostUsd: Record<string, number>;
  rows: PatternRow[];
  solvers: Map<number, (evidence: Evidence) => EscalationStep>;
}

/**
 * Bayesian escalation cascades, tuned on the train split: per task a Dawid–Skene answer model and a pool (the
 * strongest model plus every model costing under a third of it); one price λ shared by the tasks, the one whose
 * train cost meets the goal with most right answers (budget) or fewest dollars (match). With `costs: 'recorded'`
 * each query's recorded costs stand in for the live estimate (prompt tokens × price) the policy scales λ by.
 */
export function tunePosteriorCascade(
  input: TuningInput,
  goal: Goal,
  { label, costs = 'recorded' }: { label: string; costs?: 'recorded' | 'mean' },
): ReplayStrategy | undefined {
  const tasks = fitted.get(input) ?? new Map<string, TaskModel>();
  fitted.set(input, tasks);
  for (const task of input.tasks) {
    const model = tasks.get(task) ?? taskModel(input, task);
    if (!model) return undefined;
    tasks.set(task, model);
  }
  let best: { step: number; right: number; costUsd: number } | undefined;
  for (const step of PRICE_STEPS) {
    let right = 0;
    let costUsd = 0;
    for (const model of tasks.values()) {
      const scored = score(model, step, costs);
      right += scored.right;
      costUsd += scored.costUsd;
    }
    const feasible =
      goal.kind === 'budget' ? costUsd / input.train.length <= goal.maxCostPerQuery : right >= goal.minRight;
    if (!feasible) continue;
    const better = !best || (goal.kind === 'budget' ? right > best.right : costUsd < best.costUsd);
    if (better) best = { step, right, costUsd };
  }
  if (!best) return undefined;
  const lambda = 10 ** (best.step / PRICE_STEPS_PER_DECADE);
  const policies = new Map(
    [...tasks].map(([task, model]) => [
      task,
      createPosteriorPolicy(model.model, {
        pool: model.pool,
        lambda,
        maxDepth: MAX_DEPTH,
        typicalCostUsd: model.typicalCostUsd,
      }),
    ]),
  );
  return {
    name: `cascade (bayesian escalation, ${label})`,
    strategy: 'cascade',
    weights: 'learned',
    costs,
    members: (task) => tasks.get(task)?.pool ?? [],
    cascade: (task) => ({ stages: [], threshold: 1, policy: policies.get(task) }),
  };
}

// Memoised per input: every goal reuses the fitted models and solved policies.
const fitted = new WeakMap<TuningInput, Map<string, TaskModel>>();

function taskModel(input: TuningInput, task: string): TaskModel | undefined {
  const train = input.train.filter((query) => query.task === task);
  const format = train[0]?.format;
  if (format?.kind !== 'choice') return undefined;
  const typicalCostUsd = Object.fromEntries(
    input.models.map((model) => [model, input.records.get(key(task, model))?.meanCostUsd ?? 0]),
  );
  const strongestCost = typicalCostUsd[input.strongest] ?? 0;
  const pool = input.models.filter(
    (model) => model === input.strongest || (typicalCostUsd[model] ?? 0) < strongestCost / 3,
  );
  const rows = toPatternRows(train);
  const model = fitAnswerModel(rows, { models: pool, labels: format.labels });
  return { model, pool, typicalCostUsd, rows, solvers: new Map() };
}

/** Right answers and dollars of the policy at a price step on the train rows, as the policy would run them. */
function score(
  fitted: TaskModel,
  step: number,
  costs: 'recorded' | 'mean',
): { right: number; costUsd: number } {
  let right = 0;
  let costUsd = 0;
  const solverAt = (at: number) => {
    const known = fitted.solvers.get(at);
    if (known) return known;
    const solver = createEscalationSolver(fitted.model, {
      pool: fitted.pool,
      lambda: 10 ** (at / PRICE_STEPS_PER_DECADE),
      maxDepth: MAX_DEPTH,
      costOf: (model) => fitted.typicalCostUsd[model] ?? 0,
    });
    fitted.solvers.set(at, solver);
    return solver;
  };
  for (const row of fitted.rows) {
    const scale = costs === 'recorded' ? costScale(fitted, (model) => row.costs.get(model)) : 1;
    const shift = Math.round(PRICE_STEPS_PER_DECADE * Math.log10(scale));
    const evidence: [string, number][] = [];
    for (;;) {
      // The first model is chosen before any request estimate is known, as the policy does.
      const solve = solverAt(evidence.length === 0 ? step : step + shift);
      const next = solve(evidence);
      if (!next.ask) {
        const most = fitted.model.labels[next.posterior.indexOf(Math.max(...next.posterior))];
        if (most === row.gold) right += 1;
        break;
      }
      costUsd += row.costs.get(next.ask) ?? 0;
      evidence.push([next.ask, columnOf(fitted.model, row.values.get(next.ask))]);
    }
  }
  return { right, costUsd };
}
