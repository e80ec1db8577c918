import { createHash } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { redactSecrets } from '../../privacy/scan-secrets.js';
import { contentHash, type StoredMessage, scrubMessage } from '../training-store.js';

export interface ExampleRecord {
  id: string;
  sourceKind: string;
  taskType: string;
  messages: StoredMessage[];
  response: string;
  quality: number;
  models: string[];
  modelsAgreed: boolean;
  feedback?: number;
  tools?: unknown[];
  /** The deduplication key (normalised prompt + answer). */
  key: string;
}

export interface PairRecord {
  id: string;
  sourceKind: string;
  taskType: string;
  messages: StoredMessage[];
  chosen: string;
  rejected: string;
  chosenModel?: string;
  rejectedModel?: string;
  margin: number;
  key: string;
}

export interface SelectionFilter {
  minQuality: number;
  /** The collection threshold: an example at or below it (after negative feedback) is not exported. */
  threshold: number;
  /** Task types to keep (all when empty). */
  tasks?: string[];
  dedup: boolean;
  limit?: number;
}

export interface Selection<T> {
  records: T[];
  /** Left out because another record had the same prompt and answer. */
  duplicates: number;
  /** Records in which a secret was found and redacted on the way out. */
  scrubbed: number;
}

/**
 * Training examples for an SFT export: above the quality floor, of the chosen task types, best first, one per
 * distinct prompt+answer. Secrets are redacted again on the way out (the scanner may know more patterns now
 * than when the example was stored).
 */
export function selectExamples(database: DatabaseSync, filter: SelectionFilter): Selection<ExampleRecord> {
  const { clause, values } = taskClause(filter.tasks);
  const rows = database
    .prepare(
      `SELECT * FROM training_examples WHERE quality >= ? AND quality > ? ${clause} ORDER BY quality DESC, created_at, id`,
    )
    .all(filter.minQuality, filter.threshold, ...values) as Record<string, unknown>[];
  let scrubbed = 0;
  const records = rows.map((row): ExampleRecord => {
    const storedMessages = JSON.parse(String(row.messages_json)) as StoredMessage[];
    const messages = storedMessages.map(scrubMessage);
    const response = redactSecrets(String(row.response));
    if (response !== row.response || JSON.stringify(messages) !== JSON.stringify(storedMessages))
      scrubbed += 1;
    return {
      id: String(row.id),
      sourceKind: String(row.source_kind),
      taskType: String(row.task_type),
      messages,
      response,
      quality: Number(row.quality),
      models: JSON.parse(String(row.models_json ?? '[]')) as string[],
      modelsAgreed: Number(row.models_agreed) === 1,
      feedback: row.feedback_score === null ? undefined : Number(row.feedback_score),
      tools: row.tools_json ? (JSON.parse(String(row.tools_json)) as unknown[]) : undefined,
      key: contentHash(messages, response),
    };
  });
  return deduplicate(records, filter, scrubbed, (record) => record.quality);
}

/** Preference pairs (council rankings, ensemble judgements, demonstrations) for a DPO export. */
export function selectPairs(database: DatabaseSync, filter: SelectionFilter): Selection<PairRecord> {
  const { clause, values } = taskClause(filter.tasks);
  const rows = database
    .prepare(`SELECT * FROM preference_pairs WHERE 1 = 1 ${clause} ORDER BY margin DESC, created_at, id`)
    .all(...values) as Record<string, unknown>[];
  let scrubbed = 0;
  const records = rows.map((row): PairRecord => {
    const storedMessages = JSON.parse(String(row.prompt_json)) as StoredMessage[];
    const messages = storedMessages.map(scrubMessage);
    const chosen = redactSecrets(String(row.chosen));
    const rejected = redactSecrets(String(row.rejected));
    if (
      chosen !== row.chosen ||
      rejected !== row.rejected ||
      JSON.stringify(messages) !== JSON.stringify(storedMessages)
    )
      scrubbed += 1;
    return {
      id: String(row.id),
      sourceKind: String(row.source_kind),
      taskType: String(row.task_type),
      messages,
      chosen,
      rejected,
      chosenModel: row.chosen_model === null ? undefined : String(row.chosen_model),
      rejectedModel: row.rejected_model === null ? undefined : String(row.rejected_model),
      margin: Number(row.margin),
      key: createHash('sha256')
        .update(JSON.stringify([contentHash(messages, chosen), contentHash([], rejected)]))
        .digest('hex'),
    };
  });
  return deduplicate(records, filter, scrubbed, (record) => record.margin);
}

/**
 * Best first (quality or margin, then content key), so the output depends only on the data — never on row
 * ids or insertion time — and of two duplicates the better one is kept.
 */
function deduplicate<T extends { key: string }>(
  records: T[],
  filter: SelectionFilter,
  scrubbed: number,
  rank: (record: T) => number,
): Selection<T> {
  records.sort((left, right) => rank(right) - rank(left) || left.key.localeCompare(right.key));
  const seen = new Set<string>();
  const kept: T[] = [];
  let duplicates = 0;
  for (const record of records) {
    if (filter.dedup && seen.has(record.key)) {
      duplicates += 1;
      continue;
    }
    seen.add(record.key);
    kept.push(record);
  }
  return { records: filter.limit ? kept.slice(0, filter.limit) : kept, duplicates, scrubbed };
}

function taskClause(tasks: string[] | undefined): { clause: string; values: string[] } {
  if (!tasks || tasks.length === 0) return { clause: '', values: [] };
  return { clause: `AND task_type IN (${tasks.map(() => '?').join(', ')})`, values: tasks };
}
