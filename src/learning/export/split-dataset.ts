import { createHash } from 'node:crypto';

/**
 * Which side of the train/validation split a record falls on: a hash of the seed and the record's content
 * key, so the split is the same on every run, and a record never changes side as the dataset grows.
 */
export function isValidation(key: string, seed: string, fraction: number): boolean {
  if (fraction <= 0) return false;
  const bucket = createHash('sha256').update(`${seed}\u0000${key}`).digest().readUInt32BE(0) / 0x1_0000_0000;
  return bucket < fraction;
}

export function splitDataset<T extends { key: string }>(
  records: T[],
  seed: string,
  fraction: number,
): { train: T[]; validation: T[] } {
  const train: T[] = [];
  const validation: T[] = [];
  for (const record of records) (isValidation(record.key, seed, fraction) ? validation : train).push(record);
  return { train, validation };
}
