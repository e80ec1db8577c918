import { InvalidArgumentError } from 'commander';

/** A commander parser that accepts only the given values. */
export const parseChoice =
  <T extends string>(values: readonly T[]) =>
  (value: string): T => {
    if ((values as readonly string[]).includes(value)) return value as T;
    throw new InvalidArgumentError(`expected one of ${values.join(', ')}.`);
  };

export function parseUnitInterval(value: string): number {
  const parsed = Number(value);
  if (Number.isFinite(parsed) && parsed >= 0 && parsed <= 1) return parsed;
  throw new InvalidArgumentError('expected a number from 0 to 1.');
}

/** Comma-separated values; a repeated option replaces the earlier list rather than adding to it. */
export function parseList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

export function parseNumberList(value: string): number[] {
  return parseList(value).map(Number);
}
