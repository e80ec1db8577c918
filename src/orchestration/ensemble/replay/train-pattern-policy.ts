import { extractAnswer } from '../extract-answer.js';
import { type PolicyNode, patternKey } from '../strategies/pattern-policy.js';
import type { ReplayQuery } from './outcome-dataset.js';

/** One training question as the tree sees it: each model's extracted answer and cost, and the right answer. */
export interface PatternRow {
  values: Map<string, string | undefined>;
  costs: Map<string, number>;
  gold: string | undefined;
}

export interface TreeSettings {
  candidates: readonly string[];
  /** Price of a dollar in right answers: higher buys cheaper trees. */
  lambda: number;
  /** Nodes with fewer training rows stop instead of splitting further. */
  minSupport: number;
  maxDepth: number;
  raw: boolean;
}

export interface TrainedTree {
  tree: PolicyNode;
  right: number;
  costUsd: number;
}

export function toPatternRows(queries: readonly ReplayQuery[]): PatternRow[] {
  return queries.map((query) => {
    const values = new Map<string, string | undefined>();
    const costs = new Map<string, number>();
    for (const [model, answer] of query.answers) {
      values.set(
        model,
        answer.response === undefined ? undefined : extractAnswer(answer.response, query.format)?.value,
      );
      costs.set(model, answer.costUsd);
    }
    return { values, costs, gold: query.gold };
  });
}

/** Every way the training rows split when models are asked in every order, up to the maximum depth. */
export interface PatternLattice {
  stop: TrainedTree;
  depth: number;
  splits: { model: string; costUsd: number; children: Map<string, PatternLattice> }[];
}

/**
 * Partitions the training rows once for every order of asking (up to `maxDepth` models); nodes with fewer than
 * `minSupport` rows do not split further, so a branch is only learned from enough examples. Solving the lattice
 * for a price λ is then cheap, so many λ can be tried.
 */
export function buildPatternLattice(
  rows: readonly PatternRow[],
  settings: Omit<TreeSettings, 'lambda'>,
  asked: string[] = [],
): PatternLattice {
  const node: PatternLattice = { stop: bestStop(rows, asked, settings.raw), depth: asked.length, splits: [] };
  const canSplit =
    asked.length < settings.maxDepth && (asked.length === 0 || rows.length >= settings.minSupport);
  if (!canSplit) return node;
  for (const model of settings.candidates) {
    if (asked.includes(model)) continue;
    const next = [...asked, model];
    const groups = new Map<string, PatternRow[]>();
    let costUsd = 0;
    for (const row of rows) {
      costUsd += row.costs.get(model) ?? 0;
      const pattern = patternKey(
        next.map((name) => row.values.get(name)),
        settings.raw,
      );
      const group = groups.get(pattern);
      if (group) group.push(row);
      else groups.set(pattern, [row]);
    }
    const children = new Map<string, PatternLattice>();
    for (const [pattern, group] of groups) children.set(pattern, buildPatternLattice(group, settings, next));
    node.splits.push({ model, costUsd, children });
  }
  return node;
}

/**
 * The escalation tree that maximises right answers − λ × dollars on the training rows: exact dynamic programming
 * over which model to ask next given the answers so far (the root always asks one model).
 */
export function solvePatternLattice(
  node: PatternLattice,
  lambda: number,
  maxDepth = Number.POSITIVE_INFINITY,
): TrainedTree {
  let best: TrainedTree | undefined = node.depth > 0 ? node.stop : undefined;
  let bestValue = best ? best.right : Number.NEGATIVE_INFINITY;
  if (node.depth < maxDepth) {
    for (const split of node.splits) {
      const children: Record<string, PolicyNode> = {};
      let right = 0;
      let costUsd = split.costUsd;
      for (const [pattern, child] of split.children) {
        const solved = solvePatternLattice(child, lambda, maxDepth);
        children[pattern] = solved.tree;
        right += solved.right;
        costUsd += solved.costUsd;
      }
      const value = right - lambda * costUsd;
      if (value > bestValue) {
        best = { tree: { stop: false, ask: split.model, children }, right, costUsd };
        bestValue = value;
      }
    }
  }
  return best ?? node.stop;
}

export function trainPatternPolicy(rows: readonly PatternRow[], settings: TreeSettings): TrainedTree {
  return solvePatternLattice(buildPatternLattice(rows, settings), settings.lambda);
}

/** The answer label right most often in these rows, if the cascade stopped here. */
function bestStop(rows: readonly PatternRow[], asked: string[], raw: boolean): TrainedTree {
  const counts = new Map<string, number>();
  for (const row of rows) {
    if (row.gold === undefined) continue;
    const values = asked.map((model) => row.values.get(model));
    if (!values.includes(row.gold)) continue;
    const label = raw ? row.gold : patternKey([...values, row.gold], false).at(-1)!;
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  const [label, right] = [...counts.entries()].sort(
    (left, other) => other[1] - left[1] || (left[0] < other[0] ? -1 : 1),
  )[0] ?? [undefined, 0];
  return {
    tree: { stop: true, label, precision: rows.length === 0 ? 0 : right / rows.length, support: rows.length },
    right,
    costUsd: 0,
  };
}
