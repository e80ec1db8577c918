import type { DatabaseSync } from 'node:sqlite';
import type { ExperimentMetric } from '../../config/sections/learning.js';
import type { Experiment } from './experiment-store.js';
import { type Random, sampleBeta, sampleNormal } from './posterior.js';

/** What one arm has observed so far, from its requests in the log and the feedback given on them. */
export interface ArmStatistics {
  arm: string;
  assigned: number;
  /** Requests whose outcome is in the log. */
  completed: number;
  /** Answered by the arm itself: status ok and no fallback to another model. */
  succeeded: number;
  feedbackCount: number;
  feedbackSum: number;
  feedbackSquares: number;
  costCount: number;
  costSum: number;
  costSquares: number;
  latencyCount: number;
  latencySum: number;
  latencySquares: number;
}

export function armStatistics(database: DatabaseSync, experiment: Experiment): ArmStatistics[] {
  const rows = database
    .prepare(
      `SELECT o.arm AS arm, COUNT(*) AS assigned, COUNT(r.id) AS completed,
         SUM(CASE WHEN r.status = 'ok' AND COALESCE(r.fallbacks_json, '[]') = '[]' THEN 1 ELSE 0 END) AS succeeded,
         COUNT(f.score) AS feedback_count, COALESCE(SUM(f.score), 0) AS feedback_sum, COALESCE(SUM(f.score * f.score), 0) AS feedback_squares,
         SUM(CASE WHEN r.status = 'ok' THEN 1 ELSE 0 END) AS cost_count,
         COALESCE(SUM(CASE WHEN r.status = 'ok' THEN r.cost_usd END), 0) AS cost_sum,
         COALESCE(SUM(CASE WHEN r.status = 'ok' THEN r.cost_usd * r.cost_usd END), 0) AS cost_squares,
         COUNT(CASE WHEN r.status = 'ok' THEN r.latency_ms END) AS latency_count,
         COALESCE(SUM(CASE WHEN r.status = 'ok' THEN r.latency_ms END), 0) AS latency_sum,
         COALESCE(SUM(CASE WHEN r.status = 'ok' THEN r.latency_ms * r.latency_ms END), 0) AS latency_squares
       FROM experiment_observations o
       LEFT JOIN requests r ON r.id = o.request_id
       LEFT JOIN (SELECT target_id, AVG(score) AS score FROM feedback WHERE score IS NOT NULL GROUP BY target_id) f
         ON f.target_id = o.request_id
       WHERE o.experiment_id = ? GROUP BY o.arm`,
    )
    .all(experiment.id) as Record<string, number | string>[];
  const byArm = new Map(rows.map((row) => [String(row.arm), row]));
  return experiment.arms.map(({ model }) => {
    const row = byArm.get(model);
    const value = (column: string) => Number(row?.[column] ?? 0);
    return {
      arm: model,
      assigned: value('assigned'),
      completed: value('completed'),
      succeeded: value('succeeded'),
      feedbackCount: value('feedback_count'),
      feedbackSum: value('feedback_sum'),
      feedbackSquares: value('feedback_squares'),
      costCount: value('cost_count'),
      costSum: value('cost_sum'),
      costSquares: value('cost_squares'),
      latencyCount: value('latency_count'),
      latencySum: value('latency_sum'),
      latencySquares: value('latency_squares'),
    };
  });
}

/**
 * One draw from an arm's posterior on the metric, oriented so that higher is better: Beta posteriors for
 * success and feedback (0..1), a normal posterior on the mean for cost and latency (negated: lower wins).
 */
export function samplePosterior(stats: ArmStatistics, metric: ExperimentMetric, random: Random): number {
  if (metric === 'success')
    return sampleBeta(1 + stats.succeeded, 1 + stats.completed - stats.succeeded, random);
  if (metric === 'feedback')
    return sampleBeta(1 + stats.feedbackSum, 1 + stats.feedbackCount - stats.feedbackSum, random);
  const [count, sum, squares] =
    metric === 'cost'
      ? [stats.costCount, stats.costSum, stats.costSquares]
      : [stats.latencyCount, stats.latencySum, stats.latencySquares];
  if (count === 0) return -Number.MAX_VALUE * random();
  const mean = sum / count;
  const variance = count > 1 ? Math.max(0, (squares - count * mean * mean) / (count - 1)) : mean * mean;
  const spread = Math.sqrt(Math.max(variance, (mean * 0.05) ** 2, 1e-12) / count);
  return -(mean + spread * sampleNormal(random));
}

/** Monte Carlo estimate of each arm's probability of being the best on the metric. */
export function probabilityBest(
  stats: ArmStatistics[],
  metric: ExperimentMetric,
  random: Random,
  draws = 4_000,
): Map<string, number> {
  const wins = new Map(stats.map((arm) => [arm.arm, 0]));
  for (let draw = 0; draw < draws; draw += 1) {
    let best = stats[0]!;
    let bestValue = -Infinity;
    for (const arm of stats) {
      const value = samplePosterior(arm, metric, random);
      if (value > bestValue) {
        bestValue = value;
        best = arm;
      }
    }
    wins.set(best.arm, (wins.get(best.arm) ?? 0) + 1);
  }
  return new Map([...wins].map(([arm, count]) => [arm, count / draws]));
}
