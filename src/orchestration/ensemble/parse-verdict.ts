/**
 * Judges answer in one line ("VERDICT: 2", "SCORE: 7", "CONFIDENCE: 0.8"); models often add prose around it.
 * Anything that does not state a verdict clearly is undefined — a garbage verdict must never pick a winner.
 */
export function parsePairwiseVerdict(text: string): 1 | 2 | 'tie' | undefined {
  const marked = [...text.matchAll(/VERDICT\s*[:=-]?\s*\**\s*(1|2|tie)\b/gi)];
  const values = new Set(marked.map((match) => match[1]!.toLowerCase()));
  if (values.size === 1) return toVerdict([...values][0]!);
  if (values.size > 1) return undefined;
  const bare = /^\W*(?:answer\s*)?(1|2|tie)\W*$/i.exec(text.trim());
  return bare ? toVerdict(bare[1]!.toLowerCase()) : undefined;
}

/** A rubric score on 1..10, scaled to 0..1. */
export function parseRubricScore(text: string): number | undefined {
  const marked = /SCORE\s*[:=-]?\s*\**\s*(\d+(?:\.\d+)?)(?:\s*\/\s*10)?/i.exec(text);
  const raw = marked?.[1] ?? /^\W*(\d+(?:\.\d+)?)(?:\s*\/\s*10)?\W*$/.exec(text.trim())?.[1];
  if (raw === undefined) return undefined;
  const score = Number(raw);
  return score >= 1 && score <= 10 ? (score - 1) / 9 : undefined;
}

/** A probability 0..1 (or a percentage); "yes"/"no" alone count as certain. */
export function parseConfidence(text: string): number | undefined {
  const marked = /CONFIDENCE\s*[:=-]?\s*\**\s*(\d*\.?\d+)\s*(%?)/i.exec(text);
  const bare = /^\W*(\d*\.?\d+)\s*(%?)\W*$/.exec(text.trim());
  const match = marked ?? bare;
  if (match) {
    const value = Number(match[1]);
    const scaled = match[2] === '%' || value > 1 ? value / 100 : value;
    return scaled >= 0 && scaled <= 1 ? scaled : undefined;
  }
  const word = /^\W*(yes|no)\W*$/i.exec(text.trim())?.[1]?.toLowerCase();
  return word === undefined ? undefined : word === 'yes' ? 1 : 0;
}

function toVerdict(value: string): 1 | 2 | 'tie' {
  return value === '1' ? 1 : value === '2' ? 2 : 'tie';
}
