import { ConclaveError } from '../core/conclave-error.js';

/** One end-to-end budget shared by every retry and fallback of a request. */
export function createDeadline(totalMs: number, parent?: AbortSignal, now = Date.now) {
  const endsAt = now() + totalMs;
  const controller = new AbortController();
  const timer = setTimeout(
    () =>
      controller.abort(
        new ConclaveError('timeout', `The request exceeded its ${totalMs} ms deadline.`, {
          retryable: false,
        }),
      ),
    totalMs,
  );
  timer.unref?.();
  const onParentAbort = () =>
    controller.abort(parent?.reason ?? new ConclaveError('cancelled', 'The request was cancelled.'));
  if (parent?.aborted) onParentAbort();
  else parent?.addEventListener('abort', onParentAbort, { once: true });
  return {
    signal: controller.signal,
    remainingMs: () => Math.max(0, endsAt - now()),
    expired: () => controller.signal.aborted || now() >= endsAt,
    dispose: () => {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onParentAbort);
    },
  };
}

export type Deadline = ReturnType<typeof createDeadline>;
