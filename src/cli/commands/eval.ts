import path from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { findModel } from '../../catalog/find-model.js';
import { OBJECTIVES, type Objective } from '../../core/chat-request.js';
import { ConclaveError } from '../../core/conclave-error.js';
import { isTaskClass, type TaskClass } from '../../core/task-class.js';
import type { Engine } from '../../engine.js';
import { formatImportSummary } from '../../learning/evaluation/import/format-import-summary.js';
import { importOutcomes } from '../../learning/evaluation/import/import-outcomes.js';
import { writeReport } from '../../learning/evaluation/report/write-report.js';
import { createEvaluationStore } from '../../learning/evaluation/runner/evaluation-store.js';
import { formatProgress } from '../../learning/evaluation/runner/format-progress.js';
import { runEvaluation } from '../../learning/evaluation/runner/run-evaluation.js';
import { createSandbox, type Sandbox } from '../../learning/evaluation/sandbox/create-sandbox.js';
import { codeTestLanguages } from '../../learning/evaluation/suite/code-test-languages.js';
import { loadSuites } from '../../learning/evaluation/suite/load-suite.js';
import { engineFromOptions, type GlobalOptions } from '../engine-from-options.js';
import { formatUsd, paint, printJson, table } from '../output.js';
import { parseNonNegativeNumber, parseObjective, parsePositiveInteger } from '../parse-options.js';

const parseList = (value: string, previous: string[] = []) => [
  ...previous,
  ...value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean),
];
const parsePair = (value: string, previous: Record<string, string> = {}) => {
  const at = value.lastIndexOf('=');
  if (at <= 0 || at === value.length - 1) throw new InvalidArgumentError('expected name=value.');
  return { ...previous, [value.slice(0, at)]: value.slice(at + 1) };
};

interface RunCommandOptions extends GlobalOptions {
  models?: string[];
  repeat?: number;
  concurrency?: number;
  budget?: number;
  run?: string;
  resume?: boolean;
  judge?: string;
  allowExternal?: boolean;
  json?: boolean;
}

export function registerEvalCommands(program: Command): void {
  const evaluation = program
    .command('eval')
    .description('Evaluation battery: measure models per task type and turn the evidence into routing rules');

  evaluation
    .command('validate')
    .description('Check suites without calling any model')
    .argument('<suites...>', 'suite YAML files or directories of them')
    .action((locations: string[]) => {
      for (const suite of loadSuites(locations))
        process.stdout.write(
          `${paint('green', '✓')} ${suite.file}: suite ${suite.name}, ${suite.tasks.length} tasks\n`,
        );
    });

  evaluation
    .command('run')
    .description('Run suites over a task × model matrix (resumable; respects rate limits and a budget)')
    .argument('<suites...>', 'suite YAML files or directories of them')
    .option('-m, --models <ids>', 'models to compare, comma-separated', parseList)
    .option('--repeat <n>', 'answers per task and model', parsePositiveInteger)
    .option('--concurrency <k>', 'cells in flight at once', parsePositiveInteger)
    .option(
      '--budget <usd>',
      'stop cleanly before spending more than this (run total)',
      parseNonNegativeNumber,
    )
    .option('--run <id>', 'run id: resumes that run, or creates it under this name')
    .option('--resume', 'resume the latest run of the same suites')
    .option('--judge <model>', 'judge model for judge and pairwise graders')
    .option('--allow-external', 'consent to sending the tasks to cloud models')
    .option('--json', 'print the summary as JSON')
    .action(async (locations: string[], options: RunCommandOptions, command: Command) => {
      const suites = loadSuites(locations);
      const engine = await engineFromOptions(command.optsWithGlobals());
      try {
        await runCommand(engine, suites, options);
      } finally {
        await engine.close();
      }
    });

  evaluation
    .command('report')
    .description('Write MODEL_SELECTION_GUIDE.md, cost–quality charts and the routing rules file')
    .option('--run <ids>', 'only these runs/imports, comma-separated (default: all)', parseList)
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
      const engine = await engineFromOptions(command.optsWithGlobals());
      try {
        reportCommand(engine, options);
      } finally {
        await engine.close();
      }
    });

  evaluation
    .command('import')
    .description('Load per-query outcome data (jsonl) as evidence for the report and routing rules')
    .requiredOption('--data <file>', 'outcome file (format: shared/data/routing/README.md)')
    .option('--map <name=id>', 'map a dataset model name to a catalog id (repeatable)', parsePair)
    .option(
      '--task-type <name=class>',
      'map a dataset task or category to a task type (repeatable)',
      parsePair,
    )
    .addOption(
      new Option('--split <split>', 'rows to import').choices(['all', 'train', 'test']).default('all'),
    )
    .addOption(
      new Option('--missing <how>', 'cells without an outcome: skip them or count them as wrong')
        .choices(['skip', 'wrong'])
        .default('skip'),
    )
    .option('--name <id>', 'import id (default: import-<file name>); re-importing replaces it')
    .option('--json', 'print the import summary as JSON')
    .action(async (options: ImportCommandOptions, command: Command) => {
      const engine = await engineFromOptions(command.optsWithGlobals());
      try {
        await importCommand(engine, options);
      } finally {
        await engine.close();
      }
    });

  evaluation
    .command('runs')
    .description('List evaluation runs and imports')
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      const engine = await engineFromOptions(command.optsWithGlobals());
      try {
        const store = createEvaluationStore(engine.database);
        const runs = store.listRuns();
        if (options.json) return printJson(runs.map((run) => ({ ...run, spentUsd: store.spentUsd(run.id) })));
        if (runs.length === 0) return void process.stdout.write('No evaluation runs yet.\n');
        process.stdout.write(
          `${table(
            ['id', 'kind', 'what', 'status', 'models', 'spent', 'updated'],
            runs.map((run) => [
              run.id,
              run.kind,
              run.label,
              run.status,
              String(run.models.length),
              formatUsd(store.spentUsd(run.id)),
              new Date(run.updatedAt).toISOString().slice(0, 16).replace('T', ' '),
            ]),
          )}\n`,
        );
      } finally {
        await engine.close();
      }
    });
}

async function runCommand(engine: Engine, suites: ReturnType<typeof loadSuites>, options: RunCommandOptions) {
  const settings = engine.config.evaluation;
  const store = createEvaluationStore(engine.database);
  const label = suites.map((suite) => suite.name).join(', ');
  const runId = options.run ?? (options.resume ? latestRunOf(store, label) : undefined);
  if (!options.models?.length && !runId)
    throw new ConclaveError('bad-request', 'No models given.', {
      hint: 'Example: conclave eval run suites/code-generation.yaml --models gpt-4o-mini,llama-3.1-8b-instruct',
    });
  const budgetUsd = options.budget ?? settings.budgetUsd;
  const controller = new AbortController();
  const interrupt = () => controller.abort();
  process.once('SIGINT', interrupt);
  const interactive = process.stderr.isTTY === true && !options.json;
  const sandbox = createSandbox({
    containment: settings.sandbox.containment,
    python: settings.sandbox.python,
  });
  await warnAboutGuardMode(sandbox, suites);
  try {
    const summary = await runEvaluation({
      engine: {
        stream: engine.stream,
        generate: engine.generate,
        route: engine.route,
        profile: engine.profile,
        profiles: engine.catalog,
      },
      store,
      suites,
      models: options.models ?? [],
      runId,
      repeat: options.repeat ?? settings.repeat,
      concurrency: options.concurrency ?? settings.concurrency,
      budgetUsd,
      judgeModel: options.judge ?? settings.judgeModel ?? 'auto:quality',
      consent: options.allowExternal === true,
      sandbox,
      sandboxDefaults: { timeoutMs: settings.sandbox.timeoutMs, memoryMb: settings.sandbox.memoryMb },
      signal: controller.signal,
      onProgress: (progress) => {
        if (options.json) return;
        const line = formatProgress(progress, budgetUsd);
        if (interactive)
          process.stderr.write(`\r\u001b[2K${line.slice(0, (process.stderr.columns ?? 120) - 1)}`);
        else if (progress.cell) process.stderr.write(`${line}\n`);
      },
    });
    if (interactive) process.stderr.write('\n');
    const resume = `conclave eval run ${suites.map((suite) => suite.file).join(' ')} --run ${summary.runId}`;
    if (options.json) printJson(summary);
    else {
      process.stdout.write(
        `run ${summary.runId}: ${summary.completed}/${summary.total} cells graded (${summary.ran} asked, ${summary.regraded} re-graded, ${summary.reused} reused), ${formatUsd(summary.spentUsd)} spent\n`,
      );
      for (const entry of summary.skipped)
        process.stdout.write(`  skipped ${entry.task} × ${entry.model}: ${entry.reason}\n`);
      for (const entry of summary.failed)
        process.stdout.write(`  ${paint('red', 'failed')} ${entry.task} × ${entry.model}: ${entry.error}\n`);
    }
    if (summary.status === 'budget-stopped')
      throw new ConclaveError(
        'budget',
        `Budget cap reached: stopped with ${summary.notStarted} cell${summary.notStarted === 1 ? '' : 's'} not started (${formatUsd(summary.spentUsd)} spent of ${formatUsd(summary.budgetUsd ?? 0)}).`,
        { hint: `Raise the cap to continue where it stopped: ${resume} --budget <usd>` },
      );
    if (summary.status === 'interrupted')
      throw new ConclaveError(
        'cancelled',
        `Interrupted; ${summary.completed}/${summary.total} cells are stored.`,
        {
          hint: `Resume with: ${resume}`,
        },
      );
    if (options.json) return;
    if (summary.failed.length > 0)
      process.stdout.write(`${summary.failed.length} cell(s) failed; re-run to retry them: ${resume}\n`);
    process.stdout.write('Next: conclave eval report\n');
  } finally {
    process.removeListener('SIGINT', interrupt);
  }
}

/** Guard mode is weaker than a network namespace: say so before running model-written code. */
async function warnAboutGuardMode(sandbox: Sandbox, suites: ReturnType<typeof loadSuites>): Promise<void> {
  for (const language of codeTestLanguages(suites.flatMap((suite) => suite.tasks)))
    if ((await sandbox.containment(language)).mode === 'guard')
      process.stderr.write(
        `${paint('yellow', 'warning:')} ${language} code tests run in guard mode (no network namespace here): network calls are blocked in-process, which careless code cannot bypass but deliberately hostile code might.\n`,
      );
}

function latestRunOf(store: ReturnType<typeof createEvaluationStore>, label: string): string {
  const run = store.listRuns().find((candidate) => candidate.kind === 'run' && candidate.label === label);
  if (!run)
    throw new ConclaveError('not-found', `No earlier run of ${label} to resume.`, {
      hint: 'Start one with --models a,b,c, or list runs with `conclave eval runs`.',
    });
  return run.id;
}

interface ReportCommandOptions extends GlobalOptions {
  run?: string[];
  out?: string;
  rules?: string;
  baseline?: string;
  objective?: Objective;
  minSamples?: number;
  json?: boolean;
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

interface ImportCommandOptions extends GlobalOptions {
  data: string;
  map?: Record<string, string>;
  taskType?: Record<string, string>;
  split: 'all' | 'train' | 'test';
  missing: 'skip' | 'wrong';
  name?: string;
  json?: boolean;
}

async function importCommand(engine: Engine, options: ImportCommandOptions): Promise<void> {
  const settings = engine.config.evaluation.import;
  const taskTypes: Record<string, TaskClass> = { ...settings.taskTypes };
  for (const [name, value] of Object.entries(options.taskType ?? {})) {
    if (!isTaskClass(value))
      throw new ConclaveError('bad-request', `--task-type ${name}=${value}: "${value}" is not a task type.`, {
        hint: 'Use one of code, math, creative, analysis, quick, deep, general, tool-use, vision.',
      });
    taskTypes[name] = value;
  }
  const modelMap = { ...settings.modelMap, ...options.map };
  for (const [name, id] of Object.entries(modelMap))
    if (!findModel(engine.catalog(), id))
      throw new ConclaveError('bad-request', `Model map ${name}=${id}: "${id}" is not a catalog model.`, {
        hint: 'Run `conclave models` for the ids.',
      });
  const summary = await importOutcomes({
    store: createEvaluationStore(engine.database),
    file: options.data,
    profiles: engine.catalog(),
    modelMap,
    taskTypes,
    split: options.split,
    missing: options.missing,
    name: options.name,
  });
  if (options.json) return printJson(summary);
  process.stdout.write(formatImportSummary(summary));
}
