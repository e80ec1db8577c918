import type { ChatStreamPart } from '../../core/chat-request.js';

/** Progress callbacks in, async iteration out: members answer in parallel while the caller reads their parts. */
export function createPartQueue() {
  const items: ChatStreamPart[] = [];
  let closed = false;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  return {
    push(item: ChatStreamPart): void {
      if (closed) return;
      items.push(item);
      notify();
    },
    close(): void {
      closed = true;
      notify();
    },
    async *drain(): AsyncGenerator<ChatStreamPart> {
      while (true) {
        const item = items.shift();
        if (item) {
          yield item;
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
