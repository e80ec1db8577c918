import { styleText } from 'node:util';

type Style = Parameters<typeof styleText>[0];

const colorEnabled = () => process.stdout.isTTY === true && !process.env.NO_COLOR;

export function paint(style: Style, text: string): string {
  return colorEnabled() ? styleText(style, text, { validateStream: false }) : text;
}

export function formatUsd(value: number): string {
  if (value === 0) return '$0';
  if (value < 0.0001) return `$${value.toExponential(1)}`;
  return `$${value < 1 ? value.toFixed(4) : value.toFixed(2)}`;
}

export function formatMs(milliseconds: number | undefined): string {
  if (milliseconds === undefined) return '—';
  return milliseconds >= 1_000 ? `${(milliseconds / 1_000).toFixed(1)} s` : `${Math.round(milliseconds)} ms`;
}

export function formatTokens(count: number): string {
  return count >= 1_000_000
    ? `${(count / 1_000_000).toFixed(count % 1_000_000 === 0 ? 0 : 1)}M`
    : count >= 1_000
      ? `${Math.round(count / 1_000)}K`
      : String(count);
}

/** A plain-text table with aligned columns; widths ignore ANSI colour codes. */
export function table(headers: string[], rows: string[][]): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching ANSI colour escapes is the point.
  const visible = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '').length;
  const widths = headers.map((header, column) =>
    Math.max(visible(header), ...rows.map((row) => visible(row[column] ?? ''))),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell + ' '.repeat(Math.max(0, (widths[column] ?? 0) - visible(cell))))
      .join('  ')
      .trimEnd();
  return [paint('bold', line(headers)), ...rows.map(line)].join('\n');
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
