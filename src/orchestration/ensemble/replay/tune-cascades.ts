import { createPatternPolicy, type PolicyNode } from '../strategies/pattern-policy.js';
import { chooseUnderBudget, type Goal, type TaskOption } from './choose-under-budget.js';
import { key, type ModelRecord } from './fit-reliability.js';
import type { ReplayQuery } from './outcome-dataset.js';
import { type ReplayStrategy, replayStrategy } from './replay-strategy.js';
import {
  buildPatternLattice,
  type PatternLattice,
  type PatternRow,
  solvePatternLattice,
  toPatternRows,
} from './train-pattern-policy.js';

export interface TuningInput {
  train: readonly ReplayQuery[];
  tasks: readonly string[];
  models: readonly string[];
  records: Map<string, ModelRecord>;
  /** The best single model (by train accuracy): the cascade's last stage. */
  strongest: string;
}

interface StageConfig {
  stages: string[][];
  threshold: number;
}

const THRESHOLDS = [0.7, 0.8, 0.85, 0.9, 0.95, 0.97, 0.99];
const POOL_SIZE = 5;

/**
 * Threshold cascades, tuned on the train split: per task, first stages of 1–3 of the POOL_SIZE cheap models with
 * the best accuracy per dollar, then the strongest model, at every threshold — each measured by replaying the
 * cascade code. Returns, per goal, the per-task configuration chosen with a shared λ.
 */
export async function tuneThresholdCascade(
  input: TuningInput,
  goal: Goal,
  label: string,
): Promise<ReplayStrategy | undefined> {
  const options = new Map<string, TaskOption<StageConfig>[]>();
  for (const task of input.tasks) options.set(task, await thresholdOptions(input, task));
  const chosen = chooseUnderBudget(
    (_lambda, task) => options.get(task) ?? [],
    input.tasks,
    input.train.length,
    goal,
  );
  if (!chosen) return undefined;
  const byTask = new Map([...chosen.picks].map(([task, pick]) => [task, pick.config]));
  return {
    name: `cascade (agreement threshold, ${label})`,
    strategy: 'cascade',
    weights: 'learned',
    members: (task) => byTask.get(task)?.stages.flat() ?? [],
    cascade: (task) => ({
      stages: byTask.get(task)?.stages ?? [],
      threshold: byTask.get(task)?.threshold ?? 1,
    }),
  };
}

// Memoised per input: both goals reuse the same measured options.
const measured = new WeakMap<TuningInput, Map<string, TaskOption<StageConfig>[]>>();

async function thresholdOptions(input: TuningInput, task: string): Promise<TaskOption<StageConfig>[]> {
  const cached = measured.get(input)?.get(task);
  if (cached) return cached;
  const train = input.train.filter((query) => query.task === task);
  const strongestCost = input.records.get(key(task, input.strongest))?.meanCostUsd ?? 0;
  const pool = input.models
    .filter((model) => model !== input.strongest)
    .map((model) => input.records.get(key(task, model))!)
    .filter((record) => record && record.meanCostUsd < strongestCost / 3)
    .sort((left, right) => right.accuracy / right.meanCostUsd - left.accuracy / left.meanCostUsd)
    .slice(0, POOL_SIZE)
    .map((record) => record.model);
  const options: TaskOption<StageConfig>[] = [];
  for (const first of subsets(pool, 3)) {
    for (const threshold of THRESHOLDS) {
      const config = { stages: [first, [input.strongest]], threshold };
      const score = await replayStrategy(
        {
          name: 'tuning',
          strategy: 'cascade',
          weights: 'learned',
          members: () => config.stages.flat(),
          cascade: () => config,
        },
        train,
        input.records,
      );
      options.push({ right: score.right, costUsd: score.costUsd, config });
    }
  }
  const forInput = measured.get(input) ?? new Map<string, TaskOption<StageConfig>[]>();
  forInput.set(task, options);
  measured.set(input, forInput);
  return options;
}

/**
 * Learned escalation trees, tuned on the train split: for each price λ a tree per task (which model to ask next,
 * given the answers so far), at depth 2 and 3; the shared λ and depth meeting the goal with most right answers win.
 * (Depth 4 fits the train split better but generalises worse: 2-fold cross-validation on train prefers depth 3.)
 */
export function tuneTreeCascade(input: TuningInput, goal: Goal, label: string): ReplayStrategy | undefined {
  const rows = new Map(
    input.tasks.map((task) => [task, toPatternRows(input.train.filter((query) => query.task === task))]),
  );
  const raw = new Map(
    input.tasks.map((task) => {
      const format = input.train.find((query) => query.task === task)?.format;
      return [task, format?.kind === 'choice' ? format.labels.length <= 2 : format?.kind === 'boolean'];
    }),
  );
  const lattices = latticesOf(input, rows, raw);
  let best: { right: number; costUsd: number; trees: Map<string, PolicyNode> } | undefined;
  for (const maxDepth of [2, 3]) {
    const chosen = chooseUnderBudget(
      (lambda, task) => {
        const lattice = lattices.get(task);
        if (!lattice) return [];
        const trained = solvePatternLattice(lattice, lambda, maxDepth);
        return [{ right: trained.right, costUsd: trained.costUsd, config: trained.tree }];
      },
      input.tasks,
      input.train.length,
      goal,
    );
    if (!chosen) continue;
    const better =
      !best || (goal.kind === 'budget' ? chosen.right > best.right : chosen.costUsd < best.costUsd);
    if (better)
      best = {
        right: chosen.right,
        costUsd: chosen.costUsd,
        trees: new Map([...chosen.picks].map(([task, pick]) => [task, pick.config])),
      };
  }
  if (!best) return undefined;
  const trees = best.trees;
  const membersOf = (node: PolicyNode | undefined): string[] =>
    !node || node.stop ? [] : [node.ask, ...Object.values(node.children).flatMap(membersOf)];
  return {
    name: `cascade (learned escalation tree, ${label})`,
    strategy: 'cascade',
    weights: 'learned',
    members: (task) => [...new Set(membersOf(trees.get(task)))],
    cascade: (task) => ({
      stages: [],
      threshold: 1,
      policy: createPatternPolicy(trees.get(task) ?? { stop: true, precision: 0, support: 0 }, {
        raw: raw.get(task) === true,
      }),
    }),
  };
}

const lattices = new WeakMap<TuningInput, Map<string, PatternLattice>>();

/** One lattice per task (depth 3, at least 30 rows per split), shared by every λ, depth and goal. */
function latticesOf(
  input: TuningInput,
  rows: Map<string, PatternRow[]>,
  raw: Map<string, boolean>,
): Map<string, PatternLattice> {
  const cached = lattices.get(input);
  if (cached) return cached;
  const built = new Map(
    input.tasks.map((task) => [
      task,
      buildPatternLattice(rows.get(task) ?? [], {
        candidates: input.models,
        minSupport: 30,
        maxDepth: 3,
        raw: raw.get(task) === true,
      }),
    ]),
  );
  lattices.set(input, built);
  return built;
}

function subsets(items: readonly string[], maxSize: number): string[][] {
  const result: string[][] = [];
  const grow = (start: number, current: string[]) => {
    if (current.length > 0) result.push(current);
    if (current.length === maxSize) return;
    for (let index = start; index < items.length; index += 1) grow(index + 1, [...current, items[index]!]);
  };
  grow(0, []);
  return result;
}
