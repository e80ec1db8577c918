// Public surface of the offline routing benchmark (re-exports only); `conclave bench routing` calls these.
export {
  averageImprovedQuality,
  type CostQualityPoint,
  costQualityHull,
  costToReachQuality,
} from '../learned/cost-quality-metrics.js';
export { twoModelMetrics } from '../learned/two-model-metrics.js';
export { type OutcomeSplit, type SplitDescription, splitOutcomeDataset } from './dataset-split.js';
export { formatRoutingReportMarkdown } from './format-routing-report.js';
export { type OnlineReplayOptions, type OnlineReplayReport, replayOnline } from './online-replay.js';
export { loadOutcomeDataset, type OutcomeRecord } from './outcome-dataset.js';
export { renderCostQualitySvg } from './render-cost-quality-svg.js';
export {
  type RoutingBenchmarkOptions,
  type RoutingBenchmarkReport,
  runRoutingBenchmark,
} from './run-routing-benchmark.js';
export type { StrategyResult } from './strategy-metrics.js';
export { toTrainingExamples } from './to-training-examples.js';
