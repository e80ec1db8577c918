import type { FakeReplyInput } from './fake-reply.js';
import type { RecordedRequest } from './recorded-request.js';

export type ScriptedReply = FakeReplyInput<RecordedRequest>;

/**
 * Scripted replies, consumed one per request. Keyed queues (a model id, or a path such as '/api/tags')
 * win over the shared queue; when every queue is empty the keyed default, then the server default answers.
 */
export function createReplyQueue(fallback: ScriptedReply) {
  const shared: ScriptedReply[] = [];
  const keyed = new Map<string, ScriptedReply[]>();
  const defaults = new Map<string, ScriptedReply>();
  let serverDefault = fallback;

  return {
    push(key: string | undefined, replies: ScriptedReply[]): void {
      if (key === undefined) {
        shared.push(...replies);
        return;
      }
      keyed.set(key, [...(keyed.get(key) ?? []), ...replies]);
    },

    setDefault(reply: ScriptedReply, key?: string): void {
      if (key === undefined) serverDefault = reply;
      else defaults.set(key, reply);
    },

    /** Discovery routes pass useShared=false: they answer normally unless scripted by path. */
    take(keys: (string | undefined)[], useShared: boolean): ScriptedReply | undefined {
      for (const key of keys) {
        const queue = key === undefined ? undefined : keyed.get(key);
        if (queue && queue.length > 0) return queue.shift();
      }
      if (useShared && shared.length > 0) return shared.shift();
      for (const key of keys) {
        const reply = key === undefined ? undefined : defaults.get(key);
        if (reply) return reply;
      }
      return useShared ? serverDefault : undefined;
    },

    pending(key?: string): number {
      if (key !== undefined) return keyed.get(key)?.length ?? 0;
      return shared.length + [...keyed.values()].reduce((total, queue) => total + queue.length, 0);
    },

    clear(): void {
      shared.length = 0;
      keyed.clear();
      defaults.clear();
      serverDefault = fallback;
    },
  };
}
