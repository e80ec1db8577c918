/**
 * A signal that aborts when either input aborts (with that input's reason), and `dispose` to detach it once
 * the work it guards is over. Unlike `AbortSignal.any`, nothing stays registered on long- or short-lived
 * inputs after `dispose`, and it costs two listeners instead of a weak-reference registry.
 */
export function linkSignals(
  first: AbortSignal | undefined,
  second: AbortSignal,
): { signal: AbortSignal; dispose: () => void } {
  if (!first) return { signal: second, dispose: () => undefined };
  const controller = new AbortController();
  const abort = (event: Event) => {
    dispose();
    controller.abort((event.target as AbortSignal).reason);
  };
  const dispose = () => {
    first.removeEventListener('abort', abort);
    second.removeEventListener('abort', abort);
  };
  if (first.aborted) controller.abort(first.reason);
  else if (second.aborted) controller.abort(second.reason);
  else {
    first.addEventListener('abort', abort, { once: true });
    second.addEventListener('abort', abort, { once: true });
  }
  return { signal: controller.signal, dispose };
}
