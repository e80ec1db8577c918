import type { RequestLog } from './request-log.js';

const DAY_MS = 86_400_000;

export interface LogRetentionOptions {
  requestLog: RequestLog;
  /** `store.retentionDays`: requests older than this leave the log. */
  retentionDays: number;
  /** Sees the ids of each batch before it is deleted (the routing evidence subtracts them). */
  beforeDelete?: (ids: string[]) => void;
  /** Requests deleted per transaction. */
  batchSize?: number;
  /** Pause between batches, so a long-running gateway keeps answering during a large clean-up. */
  pauseMs?: number;
  /** How often the log is checked again. */
  everyMs?: number;
  now?: () => number;
  /** Told after each batch: the error when it failed (the next run tries again), undefined when it worked. */
  onOutcome?: (error: unknown) => void;
}

/**
 * Enforces the request log's retention: one batch at once, the rest in the background batch by batch, then
 * again every `everyMs`. Timers never keep the process alive; `stop` ends them.
 */
export function startLogRetention({
  requestLog,
  retentionDays,
  beforeDelete,
  batchSize = 1_000,
  pauseMs = 20,
  everyMs = 3_600_000,
  now = Date.now,
  onOutcome,
}: LogRetentionOptions) {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const schedule = (delayMs: number) => {
    if (stopped) return;
    timer = setTimeout(run, delayMs);
    timer.unref();
  };
  function run(): void {
    let deleted = 0;
    try {
      deleted = requestLog.deleteOlderThan(now() - retentionDays * DAY_MS, batchSize, beforeDelete);
      onOutcome?.(undefined);
    } catch (error) {
      onOutcome?.(error);
    }
    schedule(deleted === batchSize ? pauseMs : everyMs);
  }
  run();
  return {
    stop(): void {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
