import type { ChatStreamPart } from '../../core/chat-request.js';

export type ParallelTask<T> = (emit: (part: ChatStreamPart) => void) => Promise<T>;

/**
 * Runs tasks concurrently and yields the parts they emit as they happen (so each member's progress streams
 * while the others are still working); returns their results in task order.
 */
export async function* runParallel<T>(
  tasks: readonly ParallelTask<T>[],
): AsyncGenerator<ChatStreamPart, T[]> {
  const queue: ChatStreamPart[] = [];
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  let pending = tasks.length;
  const settled = tasks.map((task) =>
    task((part) => {
      queue.push(part);
      notify();
    }).finally(() => {
      pending -= 1;
      notify();
    }),
  );
  // Rejections are re-thrown below, after every task has finished; this keeps them from going unhandled meanwhile.
  for (const promise of settled) promise.catch(() => undefined);
  while (pending > 0 || queue.length > 0) {
    const part = queue.shift();
    if (part) {
      yield part;
      continue;
    }
    await new Promise<void>((resolve) => {
      wake = resolve;
    });
  }
  return Promise.all(settled);
}
