import type { EnsembleBenchmarkReport, StrategyResult } from './run-ensemble-benchmark.js';

const MAX_MEMBERS_SHOWN = 4;

/** The report as markdown: one row per strategy and member set, the target line, and the notes. */
export function formatEnsembleReport(report: EnsembleBenchmarkReport): string {
  const { target } = report;
  const baseline = target.costPerQuery;
  const header = [
    'strategy',
    'members',
    'quality',
    ...report.tasks,
    '$/query',
    '% of best-single cost',
    'answered',
    'train quality',
  ];
  const row = (result: StrategyResult) => [
    result.name,
    members(result.members, report),
    result.quality.toFixed(3),
    ...report.tasks.map((task) => result.perTask[task]?.quality.toFixed(3) ?? '—'),
    `$${result.costPerQuery.toFixed(6)}`,
    baseline > 0 ? `${Math.round((100 * result.costPerQuery) / baseline)}%` : '—',
    result.answered < 1 ? `${Math.round(result.answered * 100)}%` : '100%',
    result.train.quality.toFixed(3),
  ];
  const lines = [
    `## Ensemble replay — ${report.dataset}, ${report.tasks.join(' + ')} (test split: ${report.queries.test} queries; chosen on train: ${report.queries.train})`,
    '',
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...report.strategies.map((result) => `| ${row(result).join(' | ')} |`),
    '',
    `Target: accuracy ≥ best-single (${target.bestSingle}: ${target.quality.toFixed(3)} at $${target.costPerQuery.toFixed(6)}/query) at ≤ $${target.budgetPerQuery.toFixed(6)}/query.`,
    target.best
      ? `Best budget-tuned cascade on test: ${target.best.name} — ${target.best.quality.toFixed(3)} at $${target.best.costPerQuery.toFixed(6)}/query (${Math.round((100 * target.best.costPerQuery) / baseline)}% of best-single) → target ${target.best.met ? 'MET' : 'NOT met'}.`
      : 'No cascade met the budget on the train split.',
    '',
    ...report.notes.map((note) => `- ${note}`),
  ];
  return `${lines.join('\n')}\n`;
}

function members(list: string[], report: EnsembleBenchmarkReport): string {
  const short = list.map((model) => model.split('/').at(-1) ?? model);
  const all = new Set(report.strategies.find((result) => result.name === 'oracle')?.members ?? []);
  if (list.length === all.size && list.every((model) => all.has(model))) return `all ${list.length}`;
  return short.length > MAX_MEMBERS_SHOWN
    ? `${short.slice(0, MAX_MEMBERS_SHOWN).join(', ')} +${short.length - MAX_MEMBERS_SHOWN}`
    : short.join(', ');
}
