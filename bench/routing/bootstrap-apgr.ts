// How noisy are the RouteLLM APGR figures? Trains the default learned router on the train half once,
// then resamples the test queries of each task (with replacement) and reports the spread of APGR.
// usage: node bootstrap-apgr.js [rounds=1000] [splitSeed=20240601]

import { createSeededRandom } from '../../src/core/sampling.js';
import { predictSuccessVector } from '../../src/routing/learned/predict-success.js';
import { trainRouterModel } from '../../src/routing/learned/train-router-model.js';
import { twoModelMetrics } from '../../src/routing/learned/two-model-metrics.js';
import { splitOutcomeDataset } from '../../src/routing/offline/dataset-split.js';
import { loadOutcomeDataset } from '../../src/routing/offline/outcome-dataset.js';

const rounds = Number(process.argv[2] ?? 1000);
const seed = Number(process.argv[3] ?? 20240601);
const split = splitOutcomeDataset(
  await loadOutcomeDataset('/work/shared/data/routing/routellm_gpt4_vs_mixtral.jsonl'),
  { seed },
);
const strong = split.models.indexOf('gpt-4-1106-preview');
const weak = 1 - strong;
const model = trainRouterModel({
  examples: split.train.map((row) => ({
    prompt: row.prompt,
    taskType: row.task,
    outcomes: Object.fromEntries(
      split.models.map((id, index) => [id, { correct: row.quality[index] as number, cost: null }]),
    ),
  })),
});
const order = split.models.map((id) => model.models.indexOf(id));
const random = createSeededRandom(17);
for (const task of ['gsm8k', 'mmlu']) {
  const queries = split.test
    .filter((row) => row.task === task)
    .map((row) => {
      const success = predictSuccessVector(model, row.prompt, { taskType: task });
      return {
        score: (success[order[strong] as number] as number) - (success[order[weak] as number] as number),
        strongQuality: row.quality[strong] as number,
        weakQuality: row.quality[weak] as number,
      };
    });
  const point = twoModelMetrics(queries).apgr;
  const samples: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    samples.push(twoModelMetrics(queries.map(() => queries[Math.floor(random() * queries.length)]!)).apgr);
  }
  samples.sort((left, right) => left - right);
  const mean = samples.reduce((sum, value) => sum + value, 0) / rounds;
  const deviation = Math.sqrt(samples.reduce((sum, value) => sum + (value - mean) ** 2, 0) / rounds);
  console.log(
    `split seed ${seed} ${task}: APGR ${point.toFixed(3)} (bootstrap sd ${deviation.toFixed(3)}, 95% ${samples[Math.floor(rounds * 0.025)]?.toFixed(3)}–${samples[Math.floor(rounds * 0.975)]?.toFixed(3)}, P(≥ 0.65) ${(samples.filter((value) => value >= 0.65).length / rounds).toFixed(2)})`,
  );
}
