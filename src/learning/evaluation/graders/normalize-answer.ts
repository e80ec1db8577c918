/** Trims, collapses whitespace, and drops wrapping quotes/backticks/bold and one trailing period. */
export function normalizeAnswer(text: string, caseSensitive: boolean): string {
  let normalized = text.trim().replace(/\s+/g, ' ');
  for (let changed = true; changed; ) {
    const before = normalized;
    normalized = normalized
      .replace(/^\*\*(.*)\*\*$/s, '$1')
      .replace(/^(["'`])(.*)\1$/s, '$2')
      .replace(/\.$/, '')
      .trim();
    changed = normalized !== before;
  }
  return caseSensitive ? normalized : normalized.toLowerCase();
}
