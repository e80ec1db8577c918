import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConclaveError } from '../../../core/conclave-error.js';
import type { EvidenceFile } from '../../../routing/evidence/evidence-file.js';
import type { CellRecord, EvaluationStore, RunRecord } from '../runner/evaluation-store.js';
import { aggregateEvidence, type TaskTypeStats } from './aggregate-evidence.js';
import { buildEvidenceFile } from './build-evidence-file.js';
import { type Recommendation, type RecommendationPolicy, recommendModels } from './recommend-models.js';
import { renderGuide } from './render-guide.js';
import { renderTaskChartSvg } from './render-task-chart-svg.js';

export const GUIDE_FILE = 'MODEL_SELECTION_GUIDE.md';
export const CHART_DIRECTORY = 'model-selection-charts';

export interface WriteReportOptions {
  store: EvaluationStore;
  /** Runs and imports to include (default: all). */
  runIds?: readonly string[];
  /** Whether the router knows the model id (catalog). */
  isRoutable: (model: string) => boolean;
  baseline?: string;
  policy: RecommendationPolicy;
  guideDirectory: string;
  rulesFile: string;
  now?: () => Date;
}

export interface ReportResult {
  guideFile: string;
  rulesFile: string;
  charts: string[];
  baseline?: string;
  stats: TaskTypeStats[];
  recommendations: Recommendation[];
  evidence: EvidenceFile;
  sources: RunRecord[];
}

/** Aggregates stored results and writes the guide, one SVG chart per task type, and the routing rules. */
export function writeReport(options: WriteReportOptions): ReportResult {
  const generatedAt = (options.now ?? (() => new Date()))();
  const sources = selectRuns(options.store, options.runIds);
  const ids = sources.map((run) => run.id);
  const cells = options.store.cellsWithStatus('ok', ids);
  if (cells.length === 0)
    throw new ConclaveError('bad-request', 'There are no graded results to report on yet.', {
      hint: 'Run `conclave eval run <suite.yaml> --models a,b` or `conclave eval import --data <outcomes.jsonl>` first.',
    });
  const stats = aggregateEvidence(cells, options.isRoutable);
  const baseline = chooseBaseline(cells, options.baseline, options.isRoutable);
  const recommendations = stats.map((entry) => recommendModels(entry, options.policy));

  const chartDirectory = path.join(options.guideDirectory, CHART_DIRECTORY);
  mkdirSync(chartDirectory, { recursive: true });
  const charts: Record<string, string> = {};
  for (const recommendation of recommendations) {
    const file = path.join(chartDirectory, `${recommendation.taskType}.svg`);
    writeAtomically(file, renderTaskChartSvg(statsFor(stats, recommendation.taskType), recommendation));
    charts[recommendation.taskType] = `${CHART_DIRECTORY}/${recommendation.taskType}.svg`;
  }
  const distinct = <T extends { task: string; model: string }>(entries: T[]) => [
    ...new Map(entries.map((entry) => [`${entry.task}\u0000${entry.model}`, entry])).values(),
  ];
  const guideFile = path.join(options.guideDirectory, GUIDE_FILE);
  writeAtomically(
    guideFile,
    renderGuide({
      generatedAt,
      sources: sources.map((run) => ({ id: run.id, kind: run.kind, label: run.label, status: run.status })),
      baseline,
      policy: options.policy,
      stats,
      recommendations,
      charts,
      rulesFile: options.rulesFile,
      skipped: distinct(options.store.cellsWithStatus('skipped', ids).map(problem)),
      failed: distinct(options.store.cellsWithStatus('error', ids).map(problem)),
      unmapped: [...new Set(sources.flatMap((run) => unmappedOf(run)))].sort(),
    }),
  );
  const evidence = buildEvidenceFile({
    stats,
    recommendations,
    baseline,
    generatedAt,
    source: `conclave eval report: ${sources.map((run) => `${run.kind} ${run.id}`).join(', ')}`,
  });
  writeAtomically(options.rulesFile, `${JSON.stringify(evidence, null, 2)}\n`);
  return {
    guideFile,
    rulesFile: options.rulesFile,
    charts: Object.values(charts).map((chart) => path.join(options.guideDirectory, chart)),
    baseline,
    stats,
    recommendations,
    evidence,
    sources,
  };
}

function selectRuns(store: EvaluationStore, runIds: readonly string[] | undefined): RunRecord[] {
  const runs = store.listRuns().reverse();
  if (!runIds?.length) return runs;
  return runIds.map((id) => {
    const run = runs.find((candidate) => candidate.id === id);
    if (!run)
      throw new ConclaveError('not-found', `No evaluation run or import "${id}".`, {
        hint: 'List them with `conclave eval runs`.',
      });
    return run;
  });
}

/**
 * The given baseline, else the model with the most graded answers (ties: the higher quality), so ratios
 * compare against the model measured most widely.
 */
function chooseBaseline(
  cells: readonly CellRecord[],
  wanted: string | undefined,
  isRoutable: (model: string) => boolean,
): string | undefined {
  const totals = new Map<string, { samples: number; quality: number }>();
  for (const cell of cells) {
    const entry = totals.get(cell.model) ?? { samples: 0, quality: 0 };
    totals.set(cell.model, { samples: entry.samples + 1, quality: entry.quality + (cell.quality ?? 0) });
  }
  if (wanted) {
    if (!totals.has(wanted))
      throw new ConclaveError(
        'bad-request',
        `The baseline ${wanted} has no graded answers in the selected runs.`,
        {
          hint: `Choose one of: ${[...totals.keys()].sort().join(', ')}`,
        },
      );
    return wanted;
  }
  return [...totals.entries()]
    .filter(([model]) => isRoutable(model))
    .sort(
      ([, left], [, right]) =>
        right.samples - left.samples || right.quality / right.samples - left.quality / left.samples,
    )[0]?.[0];
}

function statsFor(stats: readonly TaskTypeStats[], taskType: string): TaskTypeStats {
  return stats.find((entry) => entry.taskType === taskType)!;
}

function problem(cell: CellRecord) {
  return { task: cell.taskId, model: cell.model, reason: cell.error ?? '', error: cell.error ?? '' };
}

function unmappedOf(run: RunRecord): string[] {
  const notes = run.notes as { unmapped?: unknown } | undefined;
  return Array.isArray(notes?.unmapped)
    ? notes.unmapped.filter((name): name is string => typeof name === 'string')
    : [];
}

/** Write then rename: a reader (the router) never sees half a file. */
function writeAtomically(file: string, contents: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, file);
}
