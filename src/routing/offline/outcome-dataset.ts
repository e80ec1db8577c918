import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { ConclaveError } from '../../core/conclave-error.js';

/** One model's recorded answer to one prompt; only the fields routing needs are kept. */
const outcomeCellSchema = z.object({
  score: z.number().nullable().optional(),
  correct: z.number().nullable().optional(),
  cost: z.number().nullable().optional(),
});

/** The wire shape of one jsonl line (see shared/data/routing/README.md); extra fields are ignored. */
const outcomeLineSchema = z.object({
  source: z.string(),
  task: z.string(),
  category: z.string().optional(),
  split: z.enum(['train', 'test']),
  id: z.string(),
  prompt: z.string(),
  outcomes: z.record(z.string(), outcomeCellSchema),
});

export interface OutcomeRecord {
  source: string;
  task: string;
  split: 'train' | 'test';
  id: string;
  prompt: string;
  /** Per model: 0..1 outcome (the binary `correct`, else the graded `score`); null when upstream has none. */
  quality: Record<string, number | null>;
  /** Per model: USD per call, null when the dataset carries no prices. */
  cost: Record<string, number | null>;
}

export function parseOutcomeLine(text: string, lineNumber: number): OutcomeRecord {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConclaveError(
      'bad-request',
      `line ${lineNumber}: not valid JSON (${(error as Error).message})`,
    );
  }
  const parsed = outcomeLineSchema.safeParse(json);
  if (!parsed.success) {
    throw new ConclaveError('bad-request', `line ${lineNumber}: ${z.prettifyError(parsed.error)}`);
  }
  const line = parsed.data;
  const quality: Record<string, number | null> = {};
  const cost: Record<string, number | null> = {};
  for (const [model, cell] of Object.entries(line.outcomes)) {
    // `correct` is the binarised verdict; graded data (MT-Bench) only has `score`.
    quality[model] = cell.correct ?? cell.score ?? null;
    cost[model] = cell.cost ?? null;
  }
  return {
    source: line.source,
    task: line.task,
    split: line.split,
    id: line.id,
    prompt: line.prompt,
    quality,
    cost,
  };
}

/** Streams a jsonl outcome file line by line so large files never sit in memory as one string. */
export async function loadOutcomeDataset(path: string): Promise<OutcomeRecord[]> {
  const records: OutcomeRecord[] = [];
  let lineNumber = 0;
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  try {
    for await (const text of lines) {
      lineNumber += 1;
      if (text.trim() === '') continue;
      records.push(parseOutcomeLine(text, lineNumber));
    }
  } catch (error) {
    if (error instanceof ConclaveError) throw error;
    throw new ConclaveError('bad-request', `cannot read ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (records.length === 0) throw new ConclaveError('bad-request', `${path} holds no outcome lines`);
  return records;
}
