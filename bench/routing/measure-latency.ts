// Decision latency of the learned router: predictSuccess for N candidate models + the λ rule, one
// query at a time on one core. N = 40 by widening the RouterBench subset's 11 models with noisy
// copies (outcomes flipped 15% of the time, prices jittered), since no file has 40 real models.
// usage: node measure-latency.js [models=40] [queries=2000] [file=routerbench_subset.jsonl] [warmUp=1000]
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSeededRandom } from '../../src/core/sampling.js';
import { predictSuccessVector } from '../../src/routing/learned/predict-success.js';
import type { RouterModel } from '../../src/routing/learned/router-model.js';
import { loadRouterModel, saveRouterModel } from '../../src/routing/learned/router-model-file.js';
import { chooseByWillingnessToPay } from '../../src/routing/learned/select-model.js';
import { trainRouterModel } from '../../src/routing/learned/train-router-model.js';
import { splitOutcomeDataset } from '../../src/routing/offline/dataset-split.js';
import { loadOutcomeDataset } from '../../src/routing/offline/outcome-dataset.js';

const modelCount = Number(process.argv[2] ?? 40);
const queryCount = Number(process.argv[3] ?? 2000);
// Queries run before measuring: JIT compilation and cache building happen once in a long-running server.
const warmUp = Number(process.argv[5] ?? 1000);
const file = process.argv[4] ?? '/work/shared/data/routing/routerbench_subset.jsonl';
const split = splitOutcomeDataset(await loadOutcomeDataset(file));
const random = createSeededRandom(3);
const examples = split.train.map((row) => ({
  prompt: row.prompt,
  taskType: row.task,
  outcomes: Object.fromEntries(
    Array.from({ length: modelCount }, (_, copy) => {
      const source = copy % split.models.length;
      const flip = copy >= split.models.length && random() < 0.15;
      const quality = row.quality[source] as number;
      return [
        `model-${copy}`,
        { correct: flip ? 1 - quality : quality, cost: (row.cost[source] as number) * (1 + copy / 100) },
      ];
    }),
  ),
}));
// Training 40 models takes a minute; the trained file is cached so repeated measurements are quick.
const cachePath = join(tmpdir(), `conclave-router-latency-${modelCount}.json`);
let model: RouterModel;
if (existsSync(cachePath)) {
  model = await loadRouterModel(cachePath);
  console.log(`loaded ${cachePath}`);
} else {
  const started = performance.now();
  model = trainRouterModel({ examples });
  console.log(
    `trained ${modelCount} models on ${examples.length} examples in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  await saveRouterModel(cachePath, model);
}
const cost = model.priors.overall.cost;
const prompts = split.test.map((row) => ({ prompt: row.prompt, task: row.task }));
// Warm-up builds the lookup caches (idf map, neighbour index) once, as a long-running server would.
for (let round = 0; round < warmUp; round += 1) {
  const { prompt, task } = prompts[round % prompts.length] as { prompt: string; task: string };
  predictSuccessVector(model, prompt, { taskType: task });
}
// Wall time includes being pre-empted by other processes on a shared machine; process CPU time
// (µs resolution) is the work one query costs on one core. Both are reported.
const wall: number[] = [];
const cpu: number[] = [];
const cpuByTask = new Map<string, number[]>();
for (let index = 0; index < queryCount; index += 1) {
  const { prompt, task } = prompts[index % prompts.length] as { prompt: string; task: string };
  const cpuStart = process.cpuUsage();
  const begin = performance.now();
  const success = predictSuccessVector(model, prompt, { taskType: task });
  chooseByWillingnessToPay(success, cost, 100);
  wall.push((performance.now() - begin) * 1000);
  const used = process.cpuUsage(cpuStart);
  cpu.push(used.user + used.system);
  const list = cpuByTask.get(task) ?? [];
  list.push(used.user + used.system);
  cpuByTask.set(task, list);
}
const percentile = (values: number[], share: number) => {
  const sorted = [...values].sort((left, right) => left - right);
  return (sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] as number).toFixed(0);
};
const summary = (values: number[]) =>
  `p50 ${percentile(values, 0.5)} µs, p90 ${percentile(values, 0.9)} µs, p99 ${percentile(values, 0.99)} µs, max ${percentile(values, 1)} µs`;
console.log(`decision latency, ${modelCount} models, ${queryCount} queries`);
console.log(`  wall: ${summary(wall)}`);
console.log(`  cpu:  ${summary(cpu)}`);
for (const [task, values] of cpuByTask) console.log(`  cpu ${task}: ${summary(values)}`);
