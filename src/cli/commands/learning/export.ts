import type { Command } from 'commander';
import { EXPORT_FORMATS, type ExportFormat } from '../../../config/sections/learning.js';
import { ConclaveError } from '../../../core/conclave-error.js';
import { DATASET_FORMATS } from '../../../learning/export/dataset-formats.js';
import { exportDataset, formatExportSummary } from '../../../learning/export/export-dataset.js';
import { printJson, table } from '../../output.js';
import { parsePositiveInteger } from '../../parse-options.js';
import { withOfflineEngine } from '../../with-engine.js';
import { parseChoice, parseList, parseUnitInterval } from './parse-learning-options.js';

export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description('Write training data as JSONL: deduplicated, secrets scrubbed, split, every line validated')
    .option('-f, --format <format>', `one of ${EXPORT_FORMATS.join(', ')}`, parseChoice(EXPORT_FORMATS))
    .option(
      '-o, --output <file>',
      'the training file; validation goes to <name>.validation.jsonl (default conclave-<format>.jsonl)',
    )
    .option(
      '--min-quality <q>',
      'only examples with quality ≥ q (default: the collection threshold)',
      parseUnitInterval,
    )
    .option('--task <classes>', 'only these task types, comma-separated', parseList)
    .option(
      '--validation <fraction>',
      'share for the validation file, 0–0.5 (default learning.export.validationFraction)',
      parseUnitInterval,
    )
    .option('--seed <text>', 'split seed (same seed → same split)')
    .option('--no-dedup', 'keep duplicate prompt+answer pairs')
    .option('-n, --limit <n>', 'at most n records (best first)', parsePositiveInteger)
    .option('--list-formats', 'describe the formats and exit')
    .option('--json', 'print the summary as JSON')
    .action(async (options: Record<string, unknown>, command: Command) => {
      if (options.listFormats) {
        const rows = Object.values(DATASET_FORMATS).map((format) => [
          format.id,
          format.source,
          format.description,
        ]);
        process.stdout.write(`${table(['FORMAT', 'FROM', 'WHAT'], rows)}\n`);
        return;
      }
      await withOfflineEngine(command, (engine) => {
        const format = (options.format as ExportFormat | undefined) ?? engine.config.learning.export.format;
        if (typeof options.validation === 'number' && options.validation > 0.5)
          throw new ConclaveError('bad-request', '--validation must be at most 0.5.');
        const summary = exportDataset(engine.database, engine.config.learning, {
          format,
          output: (options.output as string | undefined) ?? `conclave-${format}.jsonl`,
          minQuality: options.minQuality as number | undefined,
          tasks: options.task as string[] | undefined,
          validationFraction: options.validation as number | undefined,
          seed: options.seed as string | undefined,
          dedup: options.dedup as boolean,
          limit: options.limit as number | undefined,
        });
        if (options.json) printJson(summary);
        else process.stdout.write(`${formatExportSummary(summary)}\n`);
      });
    });
}
