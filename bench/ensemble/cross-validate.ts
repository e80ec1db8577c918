// Nested 5-fold cross-validation on the TRAIN split only: each cost-aware cascade is tuned on four folds for the
// budget (share of GPT-4's cost on those folds) and replayed on the fifth. Compares design choices without test.
// Usage: npx tsx bench/ensemble/cross-validate.ts [share=0.5]
import { fitReliability } from '../../src/orchestration/ensemble/replay/fit-reliability.js';
import {
  type ReplayQuery,
  readOutcomeDataset,
} from '../../src/orchestration/ensemble/replay/outcome-dataset.js';
import { replayStrategy } from '../../src/orchestration/ensemble/replay/replay-strategy.js';
import { type TuningInput, tuneTreeCascade } from '../../src/orchestration/ensemble/replay/tune-cascades.js';
import { tunePosteriorCascade } from '../../src/orchestration/ensemble/replay/tune-posterior-cascade.js';

const share = Number(process.argv[2] ?? 0.5);
const tasks = ['arc-challenge', 'winogrande'];
const strongest = 'gpt-4-1106-preview';
const queries = await readOutcomeDataset('../shared/data/routing/routerbench_subset.jsonl', tasks);
const train = queries.filter((query) => query.split === 'train');
const models = [...train[0]!.answers.keys()];
const strongCost = (rows: readonly ReplayQuery[]) =>
  rows.reduce((sum, query) => sum + (query.answers.get(strongest)?.costUsd ?? 0), 0) / rows.length;
// A fixed pseudo-random fold assignment (multiplicative hash of the row index).
const folds = train
  .map((query, index) => ({ query, order: Math.imul(index, 2_654_435_761) >>> 0 }))
  .sort((left, right) => (left.order % 1_000_003) - (right.order % 1_000_003))
  .map(({ query }) => query);
const tuners = {
  'learned escalation tree': (input: TuningInput, maxCostPerQuery: number) =>
    tuneTreeCascade(input, { kind: 'budget', maxCostPerQuery }, 'cv'),
  'bayesian escalation': (input: TuningInput, maxCostPerQuery: number) =>
    tunePosteriorCascade(input, { kind: 'budget', maxCostPerQuery }, { label: 'cv' }),
};
for (const [name, tune] of Object.entries(tuners)) {
  let right = 0;
  let costUsd = 0;
  for (let fold = 0; fold < 5; fold += 1) {
    const held = folds.filter((_, index) => index % 5 === fold);
    const fit = folds.filter((_, index) => index % 5 !== fold);
    const records = fitReliability(fit);
    const strategy = tune({ train: fit, tasks, models, records, strongest }, share * strongCost(fit));
    if (!strategy) throw new Error(`${name}: no configuration meets the budget on fold ${fold}`);
    const score = await replayStrategy(strategy, held, records);
    right += score.right;
    costUsd += score.costUsd;
  }
  console.log(
    `${name}: CV accuracy ${(right / train.length).toFixed(4)} at ${((100 * costUsd) / train.length / strongCost(train)).toFixed(1)}% of GPT-4's cost (${train.length} train queries)`,
  );
}
