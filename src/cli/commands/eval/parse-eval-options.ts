import { InvalidArgumentError } from 'commander';

/** Comma-separated values; repeating the option adds to the list. */
export function parseRepeatableList(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean),
  ];
}

/** `name=value` (the value may contain `=`, the name may not); repeating the option adds pairs. */
export function parsePair(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const at = value.lastIndexOf('=');
  if (at <= 0 || at === value.length - 1) throw new InvalidArgumentError('expected name=value.');
  return { ...previous, [value.slice(0, at)]: value.slice(at + 1) };
}
