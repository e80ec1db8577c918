import path from 'node:path';
import type { Command } from 'commander';
import { findModel } from '../../../catalog/find-model.js';
import { OBJECTIVES, type Objective } from '../../../core/chat-request.js';
import type { Engine } from '../../../engine.js';
import { writeReport } from '../../../learning/evaluation/report/write-report.js';
import { createEvaluationStore } from '../../../learning/evaluation/runner/evaluation-store.js';
import type { GlobalOptions } from '../../engine-from-options.js';
import { formatUsd, printJson, table } from '../../output.js';
import { parseObjective, parsePositiveInteger } from '../../parse-options.js';
import { withEngine } from '../../with-engine.js';
import { parseRepeatableList } from './parse-eval-options.js';

interface ReportCommandOptions extends GlobalOptions {
  run?: string[];
  out?: string;
  rules?: string;
  baseline?: string;
  objective?: Objective;
  minSamples?: number;
  json?: boolean;
}

export function registerEvalReportCommand(evaluation: Command): void {
  evaluation
    .command('report')
    .description('Write MODEL_SELECTION_GUIDE.md, cost–quality charts and the routing rules file')
    .option('--run <ids>', 'only these runs/imports, comma-separated (default: all)', parseRepeatableList)
    .option('--out <dir>', 'directory for the guide and charts (default: evaluation.guideDirectory or .)')
    .option(
      '--rules <file>',
      'routing rules file (default: routing.evidenceFile or <CONCLAVE_HOME>/routing-evidence.json)',
    )
    .option('--baseline <model>', 'model the quality ratios compare against')
    .option(
      '-o, --objective <objective>',
      `how to pick among near-best models: ${OBJECTIVES.join(', ')}`,
      parseObjective,
    )
    .option('--min-samples <n>', 'graded answers a model needs to be recommended', parsePositiveInteger)
    .option('--json', 'print the recommendations as JSON')
    .action(async (options: ReportCommandOptions, command: Command) => {
      await withEngine(command, (engine) => reportCommand(engine, options));
    });
}

function reportCommand(engine: Engine, options: ReportCommandOptions): void {
  const settings = engine.config.evaluation;
  const wantedBaseline = options.baseline ?? settings.baseline;
  const baseline = wantedBaseline
    ? (findModel(engine.catalog(), wantedBaseline)?.id ?? wantedBaseline)
    : undefined;
  const report = writeReport({
    store: createEvaluationStore(engine.database),
    runIds: options.run,
    isRoutable: (model) => engine.profile(model) !== undefined,
    baseline,
    policy: {
      objective: options.objective ?? settings.objective,
      tolerance: settings.qualityTolerance,
      minSamples: options.minSamples ?? settings.minSamples,
    },
    guideDirectory: path.resolve(options.out ?? settings.guideDirectory ?? '.'),
    rulesFile: path.resolve(options.rules ?? engine.evidenceFilePath),
  });
  if (options.json) {
    printJson({
      guideFile: report.guideFile,
      rulesFile: report.rulesFile,
      charts: report.charts,
      baseline: report.baseline,
      taskTypes: report.evidence.taskTypes,
    });
    return;
  }
  process.stdout.write(
    `${table(
      ['task type', 'recommended', 'quality (95% CI)', 'n', 'cost/call', 'alternatives'],
      report.recommendations.map((entry) => [
        entry.taskType,
        entry.primary?.model ?? '— (insufficient evidence)',
        entry.primary
          ? `${entry.primary.quality.toFixed(2)} (${entry.primary.ci[0].toFixed(2)}–${entry.primary.ci[1].toFixed(2)})`
          : '',
        entry.primary ? String(entry.primary.samples) : '',
        entry.primary?.costUsd === undefined ? '—' : formatUsd(entry.primary.costUsd),
        entry.alternatives.map((model) => model.model).join(', '),
      ]),
    )}\n\nguide: ${report.guideFile}\ncharts: ${path.dirname(report.charts[0] ?? report.guideFile)}\nrouting rules: ${report.rulesFile}${report.rulesFile === path.resolve(engine.evidenceFilePath) ? ' (the router loads this file)' : ' (point routing.evidenceFile at it to route on it)'}\n`,
  );
}
