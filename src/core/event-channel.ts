/** Callback pushes in, async iteration out: turns progress callbacks into a stream of parts. */
export function createEventChannel<T>() {
  const items: T[] = [];
  let closed = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  return {
    push(item: T): void {
      if (closed) return;
      items.push(item);
      notify();
    },
    close(): void {
      closed = true;
      notify();
    },
    async *drain(): AsyncGenerator<T> {
      while (true) {
        if (items.length > 0) {
          yield items.shift()!;
          continue;
        }
        if (closed) return;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
      }
    },
  };
}
