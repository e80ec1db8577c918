/** Finds the first JSON object in a judge reply (bare, fenced, or inside prose). */
function firstJsonObject(reply: string): Record<string, unknown> | undefined {
  // Judge verdicts are short; the cap bounds the quadratic search on a rambling reply.
  const text = reply.slice(0, 8_000);
  for (let start = text.indexOf('{'); start >= 0; start = text.indexOf('{', start + 1)) {
    for (let end = text.indexOf('}', start); end >= 0; end = text.indexOf('}', end + 1)) {
      try {
        const value: unknown = JSON.parse(text.slice(start, end + 1));
        if (value && typeof value === 'object' && !Array.isArray(value))
          return value as Record<string, unknown>;
      } catch {
        // Keep widening the span.
      }
    }
  }
  return undefined;
}

/** A 1..scale score and the judge's reason, or undefined when the reply holds no readable score. */
export function parseScoreVerdict(
  text: string,
  scale: number,
): { score: number; reason: string } | undefined {
  const json = firstJsonObject(text);
  const raw =
    json?.score ??
    /\bscore\b\W{0,3}(\d+(?:\.\d+)?)/i.exec(text)?.[1] ??
    /^\s*(\d+(?:\.\d+)?)\s*$/.exec(text)?.[1];
  const score = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw) : Number.NaN;
  if (!Number.isFinite(score) || score < 1 || score > scale) return undefined;
  return { score, reason: typeof json?.reason === 'string' ? json.reason : '' };
}

export type PairwiseWinner = 'A' | 'B' | 'tie';

export function parsePairwiseVerdict(text: string): { winner: PairwiseWinner; reason: string } | undefined {
  const json = firstJsonObject(text);
  const raw =
    typeof json?.winner === 'string'
      ? json.winner
      : (/\bwinner\b\W{0,4}(A|B|tie)\b/i.exec(text)?.[1] ?? /^\s*(A|B|tie)\s*\.?\s*$/i.exec(text)?.[1]);
  const winner = raw?.trim().toLowerCase();
  const reason = typeof json?.reason === 'string' ? json.reason : '';
  if (winner === 'a') return { winner: 'A', reason };
  if (winner === 'b') return { winner: 'B', reason };
  if (winner === 'tie' || winner === 'draw') return { winner: 'tie', reason };
  return undefined;
}
