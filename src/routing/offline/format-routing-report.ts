import type { RoutingBenchmarkReport } from './run-routing-benchmark.js';
import type { StrategyResult } from './strategy-metrics.js';

const number = (value: number | null, digits = 3) => (value === null ? '—' : value.toFixed(digits));
const dollars = (value: number | null) => (value === null ? '—' : `$${value.toFixed(6)}`);

function strategyTable(strategies: StrategyResult[], reference: StrategyResult | undefined): string[] {
  const referenceCost = reference?.costPerQuery ?? null;
  const lines = [
    '| strategy | quality | $/query | AIQ | APGR | CPT(50%) | CPT(80%) | cost to match best |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const strategy of strategies) {
    const match =
      strategy.costToMatchBest === null
        ? '—'
        : `${dollars(strategy.costToMatchBest)}${referenceCost ? ` (${((100 * strategy.costToMatchBest) / referenceCost).toFixed(0)}%)` : ''}`;
    lines.push(
      `| ${strategy.name} | ${number(strategy.quality)} | ${dollars(strategy.costPerQuery)} | ${number(strategy.aiq)} | ${number(strategy.apgr)} | ${number(strategy.cpt50)} | ${number(strategy.cpt80)} | ${match} |`,
    );
  }
  return lines;
}

/** The report as Markdown: overall table, per-task tables, single models, online replay, notes. */
export function formatRoutingReportMarkdown(report: RoutingBenchmarkReport): string {
  const bestOverall = report.strategies.find((strategy) => strategy.name === 'best-single');
  const lines = [
    `# Routing benchmark: ${report.dataset}`,
    '',
    ...strategyTable(report.strategies, bestOverall),
    '',
  ];
  for (const task of report.tasks) {
    const best = task.strategies.find((strategy) => strategy.name === 'best-single');
    lines.push(
      `## ${task.task} (${task.size} test queries)`,
      '',
      ...strategyTable(task.strategies, best),
      '',
    );
  }
  lines.push(
    '## Single models',
    '',
    '| model | train quality | test quality | $/query |',
    '|---|---|---|---|',
  );
  for (const model of report.models) {
    lines.push(
      `| ${model.id} | ${number(model.trainQuality)} | ${number(model.testQuality)} | ${dollars(model.costPerQuery)} |`,
    );
  }
  lines.push('');
  if (report.online) {
    lines.push(
      '## Online replay',
      '',
      'Test queries in file order; each step the router picks one model and sees only that outcome.',
      '',
      '| policy | quality | $/query | regret vs oracle | regret vs best fixed | best fixed model |',
      '|---|---|---|---|---|---|',
    );
    for (const run of report.online) {
      lines.push(
        `| ${run.policy} (seed ${run.seed}, λ ${run.willingnessToPay.toFixed(1)}/USD) | ${number(run.quality)} | ${dollars(run.costPerQuery)} | ${number(run.regretVsOracle, 1)} | ${number(run.regretVsBestFixed, 1)} | ${run.bestFixedModel} |`,
      );
    }
    lines.push('');
  }
  lines.push(
    `Learned router: trained in ${(report.timing.trainMs / 1000).toFixed(1)} s; ${report.timing.predictMicrosecondsMean.toFixed(0)} µs mean per prediction.`,
    '',
    ...report.notes.map((note) => `- ${note}`),
    '',
  );
  return lines.join('\n');
}
