import type { DatabaseSync } from 'node:sqlite';
import type { ExportFormat, LearningConfig } from '../../config/sections/learning.js';
import { ConclaveError } from '../../core/conclave-error.js';
import { DATASET_FORMATS } from './dataset-formats.js';
import { type ExampleRecord, type PairRecord, selectExamples, selectPairs } from './select-training-data.js';
import { splitDataset } from './split-dataset.js';
import { writeJsonl } from './write-dataset.js';

export interface ExportOptions {
  format: ExportFormat;
  /** The training file; the validation file is written next to it as `<name>.validation.jsonl`. */
  output: string;
  minQuality?: number;
  tasks?: string[];
  validationFraction?: number;
  seed?: string;
  dedup?: boolean;
  limit?: number;
}

export interface ExportSummary {
  format: ExportFormat;
  source: 'examples' | 'pairs';
  trainFile: string;
  validationFile?: string;
  train: number;
  validation: number;
  duplicates: number;
  scrubbed: number;
  invalid: number;
  invalidReasons: string[];
  minQuality: number;
  /** SFT exports: how the written examples' quality is distributed. */
  qualityBands?: { excellent: number; good: number; fair: number };
}

/** Selects, filters, deduplicates, scrubs, splits, converts and validates — then writes the JSONL files. */
export function exportDataset(
  database: DatabaseSync,
  config: LearningConfig,
  options: ExportOptions,
): ExportSummary {
  const format = DATASET_FORMATS[options.format];
  const minQuality = options.minQuality ?? config.export.minQuality ?? config.collection.threshold;
  const filter = {
    minQuality,
    threshold: config.collection.threshold,
    tasks: options.tasks,
    dedup: options.dedup ?? config.export.dedup,
    limit: options.limit,
  };
  const selection =
    format.source === 'pairs' ? selectPairs(database, filter) : selectExamples(database, filter);
  if (selection.records.length === 0) {
    const what =
      format.source === 'pairs' ? 'preference pairs' : `training examples with quality ≥ ${minQuality}`;
    throw new ConclaveError(
      'bad-request',
      `No ${what}${options.tasks?.length ? ` for task ${options.tasks.join(', ')}` : ''} to export as ${format.id}.`,
      {
        hint:
          format.source === 'pairs'
            ? 'Preference pairs come from council rankings, ensemble judgements and feedback demonstrations.'
            : 'Lower --min-quality, widen --task, or collect more: rate answers (`conclave feedback`) or run `conclave distill`.',
      },
    );
  }
  const fraction = options.validationFraction ?? config.export.validationFraction;
  const { train, validation } = splitDataset<ExampleRecord | PairRecord>(
    selection.records,
    options.seed ?? config.export.seed,
    fraction,
  );
  const convert = format.convert as (record: ExampleRecord | PairRecord) => unknown;
  const trained = writeJsonl(options.output, train, convert, format.schema);
  const validationFile = fraction > 0 && validation.length > 0 ? validationPath(options.output) : undefined;
  const validated = validationFile
    ? writeJsonl(validationFile, validation, convert, format.schema)
    : { written: 0, invalid: 0, reasons: [] };
  const written = [...train, ...validation].filter((record): record is ExampleRecord => 'quality' in record);
  return {
    format: format.id,
    source: format.source,
    trainFile: options.output,
    validationFile,
    train: trained.written,
    validation: validated.written,
    duplicates: selection.duplicates,
    scrubbed: selection.scrubbed,
    invalid: trained.invalid + validated.invalid,
    invalidReasons: [...new Set([...trained.reasons, ...validated.reasons])],
    minQuality,
    qualityBands:
      format.source === 'examples'
        ? {
            excellent: written.filter((record) => record.quality > 0.9).length,
            good: written.filter((record) => record.quality > 0.8 && record.quality <= 0.9).length,
            fair: written.filter((record) => record.quality <= 0.8).length,
          }
        : undefined,
  };
}

/** `data/train.jsonl` → `data/train.validation.jsonl`. */
export function validationPath(output: string): string {
  return output.endsWith('.jsonl')
    ? `${output.slice(0, -'.jsonl'.length)}.validation.jsonl`
    : `${output}.validation.jsonl`;
}

export function formatExportSummary(summary: ExportSummary): string {
  const lines = [
    `✅ Exported ${summary.train + summary.validation} ${summary.source === 'pairs' ? 'preference pairs' : 'examples'} as ${summary.format}`,
    `   train:      ${summary.train} → ${summary.trainFile}`,
  ];
  if (summary.validationFile) lines.push(`   validation: ${summary.validation} → ${summary.validationFile}`);
  if (summary.qualityBands) {
    lines.push('📊 Quality distribution:');
    lines.push(`   Excellent (>0.9): ${summary.qualityBands.excellent}`);
    lines.push(`   Good (0.8-0.9): ${summary.qualityBands.good}`);
    if (summary.qualityBands.fair > 0)
      lines.push(`   Fair (${summary.minQuality}-0.8): ${summary.qualityBands.fair}`);
  }
  if (summary.duplicates > 0)
    lines.push(`   ${summary.duplicates} duplicate${summary.duplicates === 1 ? '' : 's'} left out`);
  if (summary.scrubbed > 0)
    lines.push(`   secrets redacted in ${summary.scrubbed} record${summary.scrubbed === 1 ? '' : 's'}`);
  if (summary.invalid > 0)
    lines.push(
      `   ${summary.invalid} record${summary.invalid === 1 ? '' : 's'} skipped (not valid ${summary.format}): ${summary.invalidReasons.join('; ')}`,
    );
  return lines.join('\n');
}
