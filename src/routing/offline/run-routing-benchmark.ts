import { basename } from 'node:path';
import { createSeededRandom } from '../../core/sampling.js';
import type { CostQualityPoint } from '../learned/cost-quality-metrics.js';
import { predictSuccessVector } from '../learned/predict-success.js';
import type { RouterModel } from '../learned/router-model.js';
import { type RouterTrainingOptions, trainRouterModel } from '../learned/train-router-model.js';
import type { StrongShareCurvePoint } from '../learned/two-model-metrics.js';
import { type OutcomeRow, type SplitDescription, splitOutcomeDataset } from './dataset-split.js';
import { type OnlineReplayOptions, type OnlineReplayReport, replayOnline } from './online-replay.js';
import { loadOutcomeDataset } from './outcome-dataset.js';
import { describeReport } from './report-notes.js';
import { evaluateStrategy, type StrategyPlan, type StrategyResult } from './strategy-metrics.js';
import { toTrainingExamples as toExamples } from './to-training-examples.js';

export interface RoutingBenchmarkOptions {
  /** Path of a jsonl outcome file (format: shared/data/routing/README.md). */
  data: string;
  /** Seed of the stratified split for files without a train split. */
  splitSeed?: number;
  /** Seed of the random baseline. */
  randomSeed?: number;
  /** Options of Conclave's learned router (defaults: DEFAULT_TRAINING_OPTIONS). */
  training?: RouterTrainingOptions;
  /**
   * Also replay the test stream online (a bandit that sees only the chosen model's outcome): `true`
   * runs both policies with defaults; an object runs the policy it names.
   */
  online?: boolean | Omit<OnlineReplayOptions, 'models' | 'stream'>;
  log?: (message: string) => void;
}

export interface RoutingBenchmarkReport {
  dataset: string;
  split: SplitDescription;
  models: { id: string; trainQuality: number; testQuality: number; costPerQuery: number | null }[];
  bestSingle: string;
  pair: { strong: string; weak: string } | null;
  strategies: StrategyResult[];
  tasks: { task: string; size: number; strategies: StrategyResult[] }[];
  /** Cost–quality hulls per strategy (data with prices). */
  curves: { name: string; points: CostQualityPoint[] }[];
  /** Quality against share of strong calls per strategy (two-model data). */
  shareCurves: { name: string; points: StrongShareCurvePoint[] }[];
  online: OnlineReplayReport[] | null;
  timing: { trainMs: number; predictMicrosecondsMean: number };
  notes: string[];
}

const NAIVE_KNN: RouterTrainingOptions = {
  features: { focus: false, charNgramMin: 0 },
  shapeScale: 0,
  logistic: false,
  stack: false,
  neighbours: { k: 10, power: 1, priorStrength: 0.1 },
};
const TASK_PRIOR: RouterTrainingOptions = {
  features: { charNgramMin: 0 },
  logistic: false,
  neighbours: false,
  stack: false,
};

export async function runRoutingBenchmark(options: RoutingBenchmarkOptions): Promise<RoutingBenchmarkReport> {
  const log = options.log ?? (() => {});
  const split = splitOutcomeDataset(await loadOutcomeDataset(options.data), { seed: options.splitSeed });
  const { models, train, test, description } = split;
  const average = (rows: OutcomeRow[], pick: (row: OutcomeRow) => number) =>
    rows.reduce((sum, row) => sum + pick(row), 0) / rows.length;
  const trainQuality = models.map((_, model) => average(train, (row) => row.quality[model] as number));
  const trainCost = models.map((_, model) => average(train, (row) => row.cost[model] as number));
  const bestModel = trainQuality.indexOf(Math.max(...trainQuality));
  const pair = models.length === 2 ? { strong: bestModel, weak: 1 - bestModel } : null;
  const examples = toExamples(train, models, description.hasCosts);
  const predictWith = (label: string, training: RouterTrainingOptions) => {
    const started = performance.now();
    const model = trainRouterModel({ examples, options: training });
    const trainMs = performance.now() - started;
    const predictStarted = performance.now();
    const predictions = predictRows(model, test, models);
    const predictMicroseconds = ((performance.now() - predictStarted) * 1000) / test.length;
    log(
      `${label}: trained in ${(trainMs / 1000).toFixed(1)} s, ${predictMicroseconds.toFixed(0)} µs per prediction`,
    );
    return { ...predictions, trainMs, predictMicroseconds };
  };
  const learned = predictWith('conclave', options.training ?? {});
  const knn = predictWith('knn', NAIVE_KNN);
  const taskPrior = predictWith('task-prior', TASK_PRIOR);
  const random = createSeededRandom(options.randomSeed ?? 1);
  const cheapest = trainCost.indexOf(Math.min(...trainCost));
  const plans: StrategyPlan[] = [
    {
      kind: 'fixed',
      name: 'random',
      choices: test.map(() => Math.floor(random() * models.length)),
      scores: test.map(() => 0),
    },
    ...(description.hasCosts
      ? [{ kind: 'fixed' as const, name: 'cheapest', choices: test.map(() => cheapest) }]
      : []),
    { kind: 'fixed', name: 'best-single', choices: test.map(() => bestModel) },
    { kind: 'zero-router', name: 'zero-router' },
    {
      kind: 'predictive',
      name: 'oracle',
      rule: 'willingness-to-pay',
      success: test.map((row) => row.quality),
      expectedCost: test.map((row) => row.cost),
    },
    { kind: 'predictive', name: 'task-prior', rule: 'willingness-to-pay', ...taskPrior },
    { kind: 'predictive', name: 'knn', rule: 'willingness-to-pay', ...knn },
    { kind: 'predictive', name: 'conclave', rule: 'willingness-to-pay', ...learned },
    ...(description.hasCosts
      ? [{ kind: 'predictive' as const, name: 'conclave-tolerance', rule: 'tolerance' as const, ...learned }]
      : []),
  ];
  const evaluateAll = (rows: OutcomeRow[], indices: number[]) =>
    plans.map((plan) =>
      evaluateStrategy(plan, { rows, indices, hasCosts: description.hasCosts, bestModel, pair }),
    );
  const overall = evaluateAll(
    test,
    test.map((_, index) => index),
  );
  const tasks = [...new Set(test.map((row) => row.task))].sort().map((task) => {
    const indices = test.flatMap((row, index) => (row.task === task ? [index] : []));
    const rows = indices.map((index) => test[index] as OutcomeRow);
    return {
      task,
      size: rows.length,
      strategies: evaluateAll(rows, indices).map((evaluated) => evaluated.result),
    };
  });
  const onlineRuns: Omit<OnlineReplayOptions, 'models' | 'stream'>[] =
    options.online === undefined || options.online === false
      ? []
      : options.online === true
        ? [{ policy: 'thompson-task' }, { policy: 'thompson-contextual' }]
        : [options.online];
  const online =
    onlineRuns.length === 0 ? null : onlineRuns.map((run) => replayOnline({ models, stream: test, ...run }));
  const report: RoutingBenchmarkReport = {
    dataset: basename(options.data).replace(/\.jsonl$/, ''),
    split: description,
    models: models.map((id, model) => ({
      id,
      trainQuality: trainQuality[model] as number,
      testQuality: average(test, (row) => row.quality[model] as number),
      costPerQuery: description.hasCosts ? average(test, (row) => row.cost[model] as number) : null,
    })),
    bestSingle: models[bestModel] as string,
    pair: pair ? { strong: models[pair.strong] as string, weak: models[pair.weak] as string } : null,
    strategies: overall.map((evaluated) => evaluated.result),
    tasks,
    curves: overall
      .filter((evaluated) => evaluated.curve.length > 0)
      .map((evaluated) => ({ name: evaluated.result.name, points: evaluated.curve })),
    shareCurves: overall
      .filter((evaluated) => evaluated.shareCurve.length > 0)
      .map((evaluated) => ({ name: evaluated.result.name, points: evaluated.shareCurve })),
    online,
    timing: { trainMs: learned.trainMs, predictMicrosecondsMean: learned.predictMicroseconds },
    notes: [],
  };
  report.notes = describeReport(report);
  return report;
}

/** Predicted success and expected cost per test row, re-ordered to the dataset's model order. */
function predictRows(model: RouterModel, rows: OutcomeRow[], models: string[]) {
  const order = models.map((id) => model.models.indexOf(id));
  const success: number[][] = [];
  const expectedCost: number[][] = [];
  for (const row of rows) {
    const vector = predictSuccessVector(model, row.prompt, { taskType: row.task });
    const cost = model.priors.byTask[row.task]?.cost ?? model.priors.overall.cost;
    success.push(order.map((index) => (index < 0 ? 0 : (vector[index] as number))));
    expectedCost.push(order.map((index) => (index < 0 ? 0 : (cost[index] as number))));
  }
  return { success, expectedCost };
}
