import { type Command, Option } from 'commander';
import { findModel } from '../../../catalog/find-model.js';
import { ConclaveError } from '../../../core/conclave-error.js';
import { isTaskClass, type TaskClass } from '../../../core/task-class.js';
import type { Engine } from '../../../engine.js';
import { formatImportSummary } from '../../../learning/evaluation/import/format-import-summary.js';
import { importOutcomes } from '../../../learning/evaluation/import/import-outcomes.js';
import { createEvaluationStore } from '../../../learning/evaluation/runner/evaluation-store.js';
import type { GlobalOptions } from '../../engine-from-options.js';
import { printJson } from '../../output.js';
import { withEngine } from '../../with-engine.js';
import { parsePair } from './parse-eval-options.js';

interface ImportCommandOptions extends GlobalOptions {
  data: string;
  map?: Record<string, string>;
  taskType?: Record<string, string>;
  split: 'all' | 'train' | 'test';
  missing: 'skip' | 'wrong';
  name?: string;
  json?: boolean;
}

export function registerEvalImportCommand(evaluation: Command): void {
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
      await withEngine(command, (engine) => importCommand(engine, options));
    });
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
