import { existsSync, statSync } from 'node:fs';
import type { EvidenceSource } from '../estimates.js';
import { loadRouterModel } from '../learned/router-model-file.js';
import { createLearnedPredictor } from './learned-predictor.js';

export interface RouterModelSource {
  /** The predictor of the current model; undefined while there is none. Never blocks a decision. */
  predict: NonNullable<EvidenceSource['predict']>;
  /** Why the file on disk is not in use (damaged, wrong version); undefined when it is, or there is none. */
  readonly problem: string | undefined;
  /** Loads the file now if it changed (what the periodic check does in the background). */
  refresh(): Promise<void>;
}

/**
 * The learned router model behind a file that `conclave router train` may replace at any time: the file's
 * modification time is checked at most every `checkIntervalMs`, a changed file is loaded in the background
 * and swapped in when valid. A damaged file leaves the previous model (or none) in place and says why.
 */
export async function createRouterModelSource(
  file: string,
  { checkIntervalMs = 2_000, now = Date.now }: { checkIntervalMs?: number; now?: () => number } = {},
): Promise<RouterModelSource> {
  let predictor: NonNullable<EvidenceSource['predict']> | undefined;
  let loadedMtime = -1;
  let checkedAt = 0;
  let loading: Promise<void> | undefined;
  let problem: string | undefined;
  const mtimeOf = () => (existsSync(file) ? statSync(file).mtimeMs : 0);
  const load = async (mtime: number) => {
    loadedMtime = mtime;
    if (mtime === 0) {
      predictor = undefined;
      problem = undefined;
      return;
    }
    try {
      predictor = createLearnedPredictor(await loadRouterModel(file));
      problem = undefined;
    } catch (error) {
      problem = `${(error as Error).message}; routing without the learned router until the file is fixed (retrain it with \`conclave router train\`)`;
    }
  };
  const check = async () => {
    checkedAt = now();
    const mtime = mtimeOf();
    if (mtime !== loadedMtime) await load(mtime);
  };
  // One load at a time; a refresh during a background load waits for it, then checks again.
  const refresh = async (): Promise<void> => {
    while (loading) await loading;
    loading = check().finally(() => {
      loading = undefined;
    });
    await loading;
  };
  await refresh();
  return {
    predict(text, candidates) {
      if (!loading && now() - checkedAt >= checkIntervalMs) {
        checkedAt = now();
        try {
          if (mtimeOf() !== loadedMtime) void refresh();
        } catch {
          // A file replaced between exists and stat: the next check sees it.
        }
      }
      return predictor?.(text, candidates);
    },
    get problem() {
      return problem;
    },
    refresh,
  };
}
