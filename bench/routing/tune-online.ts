// Chooses the contextual policy's residual prior variance by replaying the TRAIN split as a stream
// (the reported replay runs on test). usage: node tune-online.js <file.jsonl>
import { splitOutcomeDataset } from '../../src/routing/offline/dataset-split.js';
import { replayOnline } from '../../src/routing/offline/online-replay.js';
import { loadOutcomeDataset } from '../../src/routing/offline/outcome-dataset.js';

const file = process.argv[2] ?? '/work/shared/data/routing/routerbench_subset.jsonl';
const split = splitOutcomeDataset(await loadOutcomeDataset(file));
const task = replayOnline({ models: split.models, stream: split.train, policy: 'thompson-task' });
console.log(
  `train stream, thompson-task: regret vs oracle ${task.regretVsOracle.toFixed(1)}, vs best fixed ${task.regretVsBestFixed.toFixed(1)}`,
);
for (const residualVariance of [0.01, 0.03, 0.1, 0.3, 1]) {
  const seeds = [1, 2, 3].map((seed) =>
    replayOnline({
      models: split.models,
      stream: split.train,
      policy: 'thompson-contextual',
      residualVariance,
      seed,
    }),
  );
  const mean = (pick: (run: (typeof seeds)[number]) => number) =>
    seeds.reduce((sum, run) => sum + pick(run), 0) / seeds.length;
  console.log(
    `train stream, contextual variance ${residualVariance}: regret vs oracle ${mean((run) => run.regretVsOracle).toFixed(1)}, vs best fixed ${mean((run) => run.regretVsBestFixed).toFixed(1)} (mean of 3 seeds)`,
  );
}
