import { SECRET_PATTERNS } from './secret-patterns.js';

export interface SecretFinding {
  /** What kind of secret (never the secret itself). */
  type: string;
  start: number;
  end: number;
}

const CANDIDATE_TOKEN = /[A-Za-z0-9_\-+/=]{32,}/g;

/** Finds credentials in text: known formats first, then long high-entropy tokens. */
// Cheap pre-check: text without any credential-shaped fragment (most prompts) skips the full scan.
const MAYBE_SECRET =
  /sk-|sk_|rk_|AKIA|ASIA|AIza|gh[pousr]_|github_pat_|xox|hf_|gsk_|ck-|eyJ|BEGIN|bearer|:\/\/[^\s/@]+:[^\s@]+@|password|passwd|pwd|secret|api[_-]?key|token|aws_|[A-Za-z0-9_\-+/=]{32}/i;

export function scanSecrets(text: string): SecretFinding[] {
  if (!MAYBE_SECRET.test(text)) return [];
  const findings: SecretFinding[] = [];
  const overlaps = (start: number, end: number) =>
    findings.some((finding) => start < finding.end && end > finding.start);
  for (const { name, pattern } of SECRET_PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      if (!overlaps(start, end)) findings.push({ type: name, start, end });
    }
  }
  for (const match of text.matchAll(CANDIDATE_TOKEN)) {
    const start = match.index;
    const end = start + match[0].length;
    if (!overlaps(start, end) && looksRandom(match[0]))
      findings.push({ type: 'high-entropy token', start, end });
  }
  return findings.sort((left, right) => left.start - right.start);
}

export function redactSecrets(text: string, findings: SecretFinding[] = scanSecrets(text)): string {
  let result = '';
  let cursor = 0;
  for (const finding of findings) {
    result += `${text.slice(cursor, finding.start)}[REDACTED ${finding.type}]`;
    cursor = finding.end;
  }
  return result + text.slice(cursor);
}

/**
 * Random-looking: mixes letters and digits, high Shannon entropy, and is not a plain word, hex hash of a
 * commit (40 hex chars are common in code) or base64 of ordinary text.
 */
function looksRandom(token: string): boolean {
  if (/^[0-9a-f]{40}$/i.test(token) || /^[0-9a-f]{64}$/i.test(token)) return false;
  if (!/[0-9]/.test(token) || !/[A-Za-z]/.test(token)) return false;
  if (!/[A-Z]/.test(token) || !/[a-z]/.test(token)) return false;
  const counts = new Map<string, number>();
  for (const character of token) counts.set(character, (counts.get(character) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const probability = count / token.length;
    entropy -= probability * Math.log2(probability);
  }
  return entropy >= 4.2;
}
