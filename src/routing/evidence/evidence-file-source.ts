import { existsSync, statSync } from 'node:fs';
import { type EvidenceFile, readEvidenceFile } from './evidence-file.js';

export interface EvidenceFileSource {
  /** The evidence in use: the last valid file read, or undefined when there is none. */
  current(): EvidenceFile | undefined;
  /** Why the file on disk is not in use (unreadable, invalid); undefined when it is, or there is none. */
  readonly problem: string | undefined;
  /** Re-read on the next decision, whatever the modification time says. */
  invalidate(): void;
}

/**
 * The routing rules/evidence file that `conclave eval report` may rewrite at any time: its modification time is
 * checked at most every `checkIntervalMs`, a changed file is re-read, and a damaged one leaves the previous
 * evidence (or none) in place and says why — routing never fails because of it, the same as the router model.
 */
export function createEvidenceFileSource(
  file: string,
  { checkIntervalMs = 2_000, now = Date.now }: { checkIntervalMs?: number; now?: () => number } = {},
): EvidenceFileSource {
  let evidence: EvidenceFile | undefined;
  let problem: string | undefined;
  let loadedMtime = -1;
  let checkedAt = Number.NEGATIVE_INFINITY;
  const check = () => {
    checkedAt = now();
    const mtime = existsSync(file) ? statSync(file).mtimeMs : 0;
    if (mtime === loadedMtime) return;
    loadedMtime = mtime;
    if (mtime === 0) {
      evidence = undefined;
      problem = undefined;
      return;
    }
    try {
      evidence = readEvidenceFile(file);
      problem = undefined;
    } catch (error) {
      problem = `${(error as Error).message.replace(/\.$/, '')}; routing ${evidence ? 'keeps the evidence read before' : 'uses catalog priors and recorded outcomes'} until the file is fixed (regenerate it with \`conclave eval report\`).`;
    }
  };
  check();
  return {
    current() {
      if (now() - checkedAt >= checkIntervalMs) check();
      return evidence;
    },
    get problem() {
      return problem;
    },
    invalidate() {
      loadedMtime = -1;
      checkedAt = Number.NEGATIVE_INFINITY;
    },
  };
}
