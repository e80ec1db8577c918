import { ConclaveError } from '../../core/conclave-error.js';
import { readOutcomeLines } from './read-outcome-lines.js';

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

/** Reads a whole outcome file (see readOutcomeLines) as routing records. */
export async function loadOutcomeDataset(path: string): Promise<OutcomeRecord[]> {
  const records: OutcomeRecord[] = [];
  for await (const line of readOutcomeLines(path)) {
    const quality: Record<string, number | null> = {};
    const cost: Record<string, number | null> = {};
    for (const [model, cell] of Object.entries(line.outcomes)) {
      // `correct` is the binarised verdict; graded data (MT-Bench) only has `score`.
      quality[model] = cell.correct ?? cell.score ?? null;
      cost[model] = cell.cost ?? null;
    }
    records.push({
      source: line.source ?? '',
      task: line.task,
      split: line.split,
      id: line.id,
      prompt: line.prompt,
      quality,
      cost,
    });
  }
  if (records.length === 0) throw new ConclaveError('bad-request', `${path} holds no outcome lines`);
  return records;
}
