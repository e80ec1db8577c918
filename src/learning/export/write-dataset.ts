import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { InvalidRecordError } from './invalid-record.js';

export interface WriteOutcome {
  written: number;
  invalid: number;
  /** The first few reasons a record was skipped, for the report. */
  reasons: string[];
}

/**
 * Converts and validates every record before anything is written: a line that does not satisfy the format's
 * schema is skipped and counted, never written. The file is written whole (an interrupted export leaves no
 * half file behind a complete-looking name).
 */
export function writeJsonl<T>(
  file: string,
  records: T[],
  convert: (record: T) => unknown,
  schema: z.ZodType,
): WriteOutcome {
  const lines: string[] = [];
  const reasons: string[] = [];
  let invalid = 0;
  for (const record of records) {
    const reason = convertAndCheck(record, convert, schema, lines);
    if (reason === undefined) continue;
    invalid += 1;
    if (reasons.length < 3 && !reasons.includes(reason)) reasons.push(reason);
  }
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const temporary = `${file}.partial`;
  writeFileSync(temporary, lines.length > 0 ? `${lines.join('\n')}\n` : '');
  renameSync(temporary, file);
  return { written: lines.length, invalid, reasons };
}

function convertAndCheck<T>(
  record: T,
  convert: (record: T) => unknown,
  schema: z.ZodType,
  lines: string[],
): string | undefined {
  let value: unknown;
  try {
    value = convert(record);
  } catch (error) {
    if (error instanceof InvalidRecordError) return error.message;
    throw error;
  }
  const checked = schema.safeParse(value);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return `${issue?.path.join('.') || 'record'}: ${issue?.message ?? 'invalid'}`;
  }
  lines.push(JSON.stringify(value));
  return undefined;
}
