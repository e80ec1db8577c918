import type { DatabaseSync } from 'node:sqlite';

export interface PinRecord {
  sessionId: string;
  model: string;
  allowFallbacks: boolean;
  createdAt: number;
}

/** Per-conversation model locks ("always answer this session with X"). */
export function createPinStore(database: DatabaseSync) {
  const cache = new Map<string, PinRecord | null>();
  return {
    get(sessionId: string): PinRecord | undefined {
      if (!cache.has(sessionId)) {
        const row = database.prepare('SELECT * FROM pins WHERE session_id = ?').get(sessionId) as
          | Record<string, unknown>
          | undefined;
        cache.set(sessionId, row ? fromRow(row) : null);
      }
      return cache.get(sessionId) ?? undefined;
    },
    set(sessionId: string, model: string, allowFallbacks = false): PinRecord {
      const record = { sessionId, model, allowFallbacks, createdAt: Date.now() };
      database
        .prepare(
          'INSERT OR REPLACE INTO pins (session_id, model, allow_fallbacks, created_at) VALUES (?, ?, ?, ?)',
        )
        .run(sessionId, model, allowFallbacks ? 1 : 0, record.createdAt);
      cache.set(sessionId, record);
      return record;
    },
    clear(sessionId: string): boolean {
      cache.delete(sessionId);
      return Number(database.prepare('DELETE FROM pins WHERE session_id = ?').run(sessionId).changes) > 0;
    },
    list(): PinRecord[] {
      return (
        database.prepare('SELECT * FROM pins ORDER BY created_at').all() as Record<string, unknown>[]
      ).map(fromRow);
    },
  };
}

export type PinStore = ReturnType<typeof createPinStore>;

function fromRow(row: Record<string, unknown>): PinRecord {
  return {
    sessionId: String(row.session_id),
    model: String(row.model),
    allowFallbacks: Number(row.allow_fallbacks) === 1,
    createdAt: Number(row.created_at),
  };
}
