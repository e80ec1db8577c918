import type { DatabaseSync } from 'node:sqlite';
import { type ArmStatistics, armStatistics, probabilityBest } from './arm-statistics.js';
import type { Experiment } from './experiment-store.js';
import { type Interval, meanInterval, type Random, wilsonInterval } from './posterior.js';

export interface ArmReport {
  arm: string;
  weight: number;
  assigned: number;
  completed: number;
  successRate?: number;
  success?: Interval;
  feedbackCount: number;
  feedbackMean?: number;
  feedback?: Interval;
  costMean?: number;
  cost?: Interval;
  latencyMean?: number;
  latency?: Interval;
  /** Probability this arm is the best on the experiment's metric. */
  probabilityBest: number;
}

export interface ExperimentReport {
  experiment: Experiment;
  arms: ArmReport[];
  leader?: { arm: string; probability: number };
  /** Observations on the metric per arm (feedback given, requests completed). */
  decided: boolean;
  recommendation: string;
}

const CONFIDENT = 0.95;

/** Per-arm metrics with 95% intervals, and which arm leads on the experiment's metric. */
export function experimentReport(
  database: DatabaseSync,
  experiment: Experiment,
  { random = Math.random, minSamples }: { random?: Random; minSamples: number },
): ExperimentReport {
  const stats = armStatistics(database, experiment);
  const best = probabilityBest(stats, experiment.metric, random);
  const arms = stats.map((arm): ArmReport => toReport(arm, experiment, best.get(arm.arm) ?? 0));
  const leader = [...arms].sort((left, right) => right.probabilityBest - left.probabilityBest)[0];
  const evidence = (arm: ArmStatistics) =>
    experiment.metric === 'feedback'
      ? arm.feedbackCount
      : experiment.metric === 'success'
        ? arm.completed
        : arm.costCount;
  const enough = stats.every((arm) => evidence(arm) >= minSamples);
  const decided = enough && leader !== undefined && leader.probabilityBest >= CONFIDENT;
  const recommendation =
    experiment.status === 'promoted'
      ? `Promoted: ${experiment.winner} serves all matching traffic.`
      : experiment.status === 'stopped'
        ? 'Stopped: requests are routed as if the experiment did not exist.'
        : decided
          ? `${leader!.arm} is the better arm on ${experiment.metric} (P(best) ${(leader!.probabilityBest * 100).toFixed(1)}%): conclave experiment promote ${experiment.name}`
          : enough
            ? `No clear winner on ${experiment.metric} yet (leader ${leader?.arm ?? '—'} at ${((leader?.probabilityBest ?? 0) * 100).toFixed(1)}%): keep it running.`
            : `Collecting evidence: every arm needs ${minSamples} ${experiment.metric === 'feedback' ? 'rated answers' : 'completed requests'} before a verdict.`;
  return {
    experiment,
    arms,
    leader: leader ? { arm: leader.arm, probability: leader.probabilityBest } : undefined,
    decided,
    recommendation,
  };
}

function toReport(arm: ArmStatistics, experiment: Experiment, probability: number): ArmReport {
  return {
    arm: arm.arm,
    weight: experiment.arms.find((candidate) => candidate.model === arm.arm)?.weight ?? 0,
    assigned: arm.assigned,
    completed: arm.completed,
    successRate: arm.completed > 0 ? arm.succeeded / arm.completed : undefined,
    success: wilsonInterval(arm.succeeded, arm.completed),
    feedbackCount: arm.feedbackCount,
    feedbackMean: arm.feedbackCount > 0 ? arm.feedbackSum / arm.feedbackCount : undefined,
    feedback: clampUnit(meanInterval(arm.feedbackSum, arm.feedbackSquares, arm.feedbackCount)),
    costMean: arm.costCount > 0 ? arm.costSum / arm.costCount : undefined,
    cost: meanInterval(arm.costSum, arm.costSquares, arm.costCount),
    latencyMean: arm.latencyCount > 0 ? arm.latencySum / arm.latencyCount : undefined,
    latency: meanInterval(arm.latencySum, arm.latencySquares, arm.latencyCount),
    probabilityBest: probability,
  };
}

function clampUnit(interval: Interval | undefined): Interval | undefined {
  return interval && { low: Math.max(0, interval.low), high: Math.min(1, interval.high) };
}

/** The `conclave experiment status` table. */
export function formatExperimentReport(report: ExperimentReport): string {
  const { experiment } = report;
  const percent = (value?: number) => (value === undefined ? '—' : `${(value * 100).toFixed(1)}%`);
  const range = (interval: Interval | undefined, show: (value: number) => string) =>
    interval ? ` [${show(interval.low)}, ${show(interval.high)}]` : '';
  const usd = (value: number) => `$${value.toFixed(value < 0.01 ? 5 : 4)}`;
  const ms = (value: number) => `${Math.round(value)}ms`;
  const lines = [
    `🧪 ${experiment.name} — ${experiment.status}, ${experiment.allocation} allocation on ${experiment.metric}, ${Math.round(experiment.traffic * 100)}% of ${describeMatch(experiment)}`,
    '',
  ];
  for (const arm of report.arms) {
    lines.push(
      `  ${arm.arm}${experiment.allocation === 'static' ? ` (weight ${arm.weight})` : ''}${experiment.winner === arm.arm ? ' 🏆' : ''}`,
      `    requests: ${arm.assigned} assigned, ${arm.completed} completed`,
      `    success:  ${percent(arm.successRate)}${range(arm.success, (value) => percent(value))}`,
      `    feedback: ${arm.feedbackMean === undefined ? '—' : arm.feedbackMean.toFixed(2)}${range(arm.feedback, (value) => value.toFixed(2))} (${arm.feedbackCount} rated)`,
      `    cost:     ${arm.costMean === undefined ? '—' : usd(arm.costMean)}${range(arm.cost, usd)} per request`,
      `    latency:  ${arm.latencyMean === undefined ? '—' : ms(arm.latencyMean)}${range(arm.latency, ms)}`,
      `    P(best on ${experiment.metric}): ${percent(arm.probabilityBest)}`,
    );
  }
  lines.push('', report.recommendation, '(intervals: 95%)');
  return lines.join('\n');
}

function describeMatch(experiment: Experiment): string {
  const models =
    experiment.match.models.length > 0
      ? `requests for ${experiment.match.models.join(', ')}`
      : 'all requests';
  return experiment.match.tasks.length > 0
    ? `${models} on ${experiment.match.tasks.join(', ')} tasks`
    : models;
}
