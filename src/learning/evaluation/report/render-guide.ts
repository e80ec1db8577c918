import type { ModelStats, TaskTypeStats } from './aggregate-evidence.js';
import { qualityRatio } from './build-evidence-file.js';
import { describeRecommendation, formatCost } from './describe-recommendation.js';
import type { Recommendation, RecommendationPolicy } from './recommend-models.js';

export interface GuideInput {
  generatedAt: Date;
  sources: { id: string; kind: 'run' | 'import'; label: string; status: string }[];
  baseline?: string;
  policy: RecommendationPolicy;
  stats: readonly TaskTypeStats[];
  recommendations: readonly Recommendation[];
  /** Task type → chart path relative to the guide. */
  charts: Record<string, string>;
  rulesFile: string;
  skipped: { task: string; model: string; reason: string }[];
  failed: { task: string; model: string; error: string }[];
  /** Import notes: dataset names without a catalog alias. */
  unmapped: string[];
}

const formatMs = (value: number | undefined) =>
  value === undefined ? '—' : value >= 1_000 ? `${(value / 1_000).toFixed(1)} s` : `${Math.round(value)} ms`;
const formatNumber = (value: number | undefined, digits = 0) =>
  value === undefined ? '—' : value.toFixed(digits);
const formatRatio = (model: ModelStats, baseline: ModelStats | undefined) => {
  const ratio = qualityRatio(model, baseline);
  return ratio === undefined ? '—' : `${Math.round(ratio * 100)}%`;
};

/** MODEL_SELECTION_GUIDE.md: recommendations with their evidence, per task type, and how they were made. */
export function renderGuide(input: GuideInput): string {
  const lines: string[] = [
    '# Model selection guide',
    '',
    `Generated ${input.generatedAt.toISOString()} by \`conclave eval report\` from ${input.sources.map((source) => `${source.kind === 'import' ? 'import' : 'run'} \`${source.id}\` (${source.label}${source.status === 'complete' || source.status === 'imported' ? '' : `, ${source.status}`})`).join(', ')}.`,
    '',
    `Baseline: ${input.baseline ? `\`${input.baseline}\`` : 'none'} · objective: ${input.policy.objective} · near-best tolerance: ${input.policy.tolerance} · minimum samples: ${input.policy.minSamples}.`,
    '',
    "Quality is the mean grade (0–1) over graded answers (n); the 95% confidence interval is Wilson's. Cost is the mean USD per call; TTFT (time to first token), latency and tokens/s are medians.",
    '',
    '## Recommendations',
    '',
    '| task type | recommended | quality (95% CI) | n | vs baseline | cost/call | latency | alternatives |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const recommendation of input.recommendations) {
    const stats = statsOf(input, recommendation.taskType);
    const baseline = stats.models.find((model) => model.model === input.baseline);
    const primary = recommendation.primary;
    lines.push(
      primary
        ? `| ${recommendation.taskType} | **${primary.model}** | ${primary.quality.toFixed(2)} (${primary.ci[0].toFixed(2)}–${primary.ci[1].toFixed(2)}) | ${primary.samples} | ${formatRatio(primary, baseline)} | ${formatCost(primary.costUsd)} | ${formatMs(primary.latencyMs)} | ${recommendation.alternatives.map((model) => model.model).join(', ') || '—'} |`
        : `| ${recommendation.taskType} | — (insufficient evidence) | | | | | | |`,
    );
  }
  for (const recommendation of input.recommendations) lines.push('', ...taskSection(input, recommendation));
  if (input.skipped.length > 0 || input.failed.length > 0 || input.unmapped.length > 0) {
    lines.push('', '## Not measured', '');
    for (const entry of input.skipped)
      lines.push(`- skipped \`${entry.task}\` × \`${entry.model}\`: ${entry.reason}`);
    for (const entry of input.failed)
      lines.push(`- failed \`${entry.task}\` × \`${entry.model}\`: ${entry.error} (re-run the run to retry)`);
    if (input.unmapped.length > 0)
      lines.push(
        `- imported models without a catalog alias (kept as named evidence, not routable): ${input.unmapped.map((name) => `\`${name}\``).join(', ')}`,
      );
  }
  lines.push(
    '',
    '## Routing rules',
    '',
    `The rules file \`${input.rulesFile}\` holds, per task type, the primary, the alternatives and every model's measured quality, sample count, confidence interval, quality ratio against the baseline, latency, TTFT, tokens/s and cost. The router reads it (config \`routing.evidenceFile\`): measured quality replaces the catalog prior for that task type, weighted by sample count, and \`conclave route --explain\` names "evidence file" as the source.`,
    '',
    '## How the recommendation is chosen',
    '',
    `Only catalog models with at least ${input.policy.minSamples} graded answers are eligible. The near-best group holds every eligible model whose quality is within ${input.policy.tolerance} of the best, or whose confidence interval reaches the best mean (the data cannot tell them apart). Inside that group the objective decides: quality → highest quality; cost → cheapest; speed → lowest latency; balanced → the router's quality-per-dollar score (each 10× in cost is worth 0.07 quality). The Pareto front lists the models no other model beats on both cost and quality.`,
    '',
  );
  return lines.join('\n');
}

function taskSection(input: GuideInput, recommendation: Recommendation): string[] {
  const stats = statsOf(input, recommendation.taskType);
  const baseline = stats.models.find((model) => model.model === input.baseline);
  const lines = [
    `## ${recommendation.taskType}`,
    '',
    `**${describeRecommendation(recommendation, baseline)}**`,
    '',
  ];
  lines.push(
    '| model | quality | 95% CI | n | tasks | vs baseline | cost/call | TTFT | latency | tokens/s | Pareto |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const model of stats.models) {
    const name = `${recommendation.primary === model ? '**' : ''}${model.model}${recommendation.primary === model ? '**' : ''}${model.routable ? '' : ' (not in catalog)'}`;
    lines.push(
      `| ${name} | ${model.quality.toFixed(3)} | ${model.ci[0].toFixed(2)}–${model.ci[1].toFixed(2)} | ${model.samples} | ${model.tasks} | ${formatRatio(model, baseline)} | ${formatCost(model.costUsd)} | ${formatMs(model.ttftMs)} | ${formatMs(model.latencyMs)} | ${formatNumber(model.tokensPerSec)} | ${recommendation.front.includes(model) ? '✓' : ''} |`,
    );
  }
  lines.push(
    '',
    recommendation.front.length > 0
      ? `Pareto front (cheapest → best): ${recommendation.front.map((model) => `${model.model} (${formatCost(model.costUsd)}, ${model.quality.toFixed(2)})`).join(' → ')}.`
      : 'Pareto front: no model has cost data for this task type.',
  );
  if (recommendation.nearBest.length > 1)
    lines.push(
      '',
      `Near-best (statistically indistinguishable from the best): ${recommendation.nearBest.map((model) => model.model).join(', ')}.`,
    );
  const notRoutable = stats.models.filter((model) => !model.routable).map((model) => model.model);
  const tooFew = stats.models.filter((model) => model.routable && model.samples < input.policy.minSamples);
  if (notRoutable.length > 0)
    lines.push(
      '',
      `Not eligible, not in the catalog (dataset names the router cannot use): ${notRoutable.join(', ')}.`,
    );
  if (tooFew.length > 0)
    lines.push(
      '',
      `Not eligible, fewer than ${input.policy.minSamples} graded answers (insufficient evidence): ${tooFew.map((model) => `${model.model} (n=${model.samples})`).join(', ')}.`,
    );
  const mixed = mixedSources(stats);
  if (mixed)
    lines.push(
      '',
      `⚠ Not every model here was measured on the same tasks (${mixed}), so their qualities are not directly comparable; \`conclave eval report --run <id>\` compares them on one source.`,
    );
  const chart = input.charts[recommendation.taskType];
  if (chart) lines.push('', `![${recommendation.taskType}: cost vs quality](${chart})`);
  return lines;
}

/** Groups models by the runs/imports behind them; undefined when they all share the same ones. */
function mixedSources(stats: TaskTypeStats): string | undefined {
  const groups = new Map<string, string[]>();
  for (const model of stats.models) {
    const key = model.sources.join(' + ');
    groups.set(key, [...(groups.get(key) ?? []), model.model]);
  }
  if (groups.size < 2) return undefined;
  return [...groups.entries()].map(([sources, models]) => `${models.join(', ')}: ${sources}`).join('; ');
}

function statsOf(input: GuideInput, taskType: string): TaskTypeStats {
  return input.stats.find((entry) => entry.taskType === taskType)!;
}
