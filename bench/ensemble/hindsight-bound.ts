// DIAGNOSTIC, NOT A STRATEGY: the best answer-pattern escalation tree solved directly on the TEST rows (hindsight,
// every leaf sees the test answers), to tell whether ≥ GPT-4's accuracy at ≤ 50 % of its cost is reachable at all
// with the recorded answers. Usage: npx tsx bench/ensemble/hindsight-bound.ts [maxDepth=4] [pool=cheap|all]
import { readOutcomeDataset } from '../../src/orchestration/ensemble/replay/outcome-dataset.js';
import {
  buildPatternLattice,
  solvePatternLattice,
  toPatternRows,
} from '../../src/orchestration/ensemble/replay/train-pattern-policy.js';

const maxDepth = Number(process.argv[2] ?? 4);
const everyModel = process.argv[3] === 'all';
const tasks = ['arc-challenge', 'winogrande'];
const queries = await readOutcomeDataset('../shared/data/routing/routerbench_subset.jsonl', tasks);
const test = queries.filter((query) => query.split === 'test');
const strongest = 'gpt-4-1106-preview';
const costOf = (model: string) =>
  test.reduce((sum, query) => sum + (query.answers.get(model)?.costUsd ?? 0), 0);
// "cheap": GPT-4 plus every model costing under a third of it (drops claude-v1/v2), as the cascades' pools do.
const models = [...test[0]!.answers.keys()].filter(
  (model) => everyModel || model === strongest || costOf(model) < costOf(strongest) / 3,
);
const budget = 0.5 * costOf(strongest);
const lattices = tasks.map((task) =>
  buildPatternLattice(toPatternRows(test.filter((query) => query.task === task)), {
    candidates: models,
    minSupport: 1,
    maxDepth,
    raw: task === 'winogrande',
  }),
);
let best = { right: 0, costUsd: 0, lambda: 0 };
// Lagrangian dual: for every λ, max(right − λ·cost) + λ·budget bounds what any tree within the budget can reach.
let dual = Number.POSITIVE_INFINITY;
for (let exponent = -1; exponent <= 6; exponent += 0.02) {
  const lambda = 10 ** exponent;
  const solved = lattices.map((lattice) => solvePatternLattice(lattice, lambda));
  const right = solved.reduce((sum, tree) => sum + tree.right, 0);
  const costUsd = solved.reduce((sum, tree) => sum + tree.costUsd, 0);
  dual = Math.min(dual, right - lambda * costUsd + lambda * budget);
  if (costUsd <= budget && right > best.right) best = { right, costUsd, lambda };
}
const share = (costUsd: number) => `${((100 * costUsd) / costOf(strongest)).toFixed(1)}%`;
console.log(
  `hindsight trees on test (depth ≤ ${maxDepth}, ${models.length} models, every leaf fitted on test): ` +
    `${(best.right / test.length).toFixed(4)} (${best.right}/${test.length}) at ${share(best.costUsd)} of GPT-4's cost; ` +
    `no such tree within 50% exceeds ${(dual / test.length).toFixed(4)} (Lagrangian bound)`,
);
