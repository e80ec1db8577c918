import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { ConclaveError } from '../core/conclave-error.js';

export interface ApiKeyRecord {
  id: string;
  name: string;
  prefix: string;
  admin: boolean;
  rpm?: number;
  tpm?: number;
  budgetDayUsd?: number;
  budgetMonthUsd?: number;
  createdAt: number;
  revokedAt?: number;
}

export interface CreateApiKeyOptions {
  name: string;
  admin?: boolean;
  rpm?: number;
  tpm?: number;
  budgetDayUsd?: number;
  budgetMonthUsd?: number;
}

/** Gateway keys: only a SHA-256 of each key is stored; the key itself is shown once, at creation. */
export function createApiKeyStore(database: DatabaseSync) {
  // Verified keys are cached briefly: a key revoked by another process (`conclave keys revoke` while the
  // gateway runs) stops working within CACHE_MS; keys created elsewhere work at once (cache miss → query).
  const cache = new Map<string, { record: ApiKeyRecord | undefined; at: number }>();
  const byHash = database.prepare('SELECT * FROM api_keys WHERE hash = ? AND revoked_at IS NULL');
  const active = database.prepare('SELECT COUNT(*) AS n FROM api_keys WHERE revoked_at IS NULL');
  let counted: { n: number; at: number } | undefined;
  return {
    create(options: CreateApiKeyOptions): { key: string; record: ApiKeyRecord } {
      const key = `ck-${randomBytes(24).toString('base64url')}`;
      const record: ApiKeyRecord = {
        id: randomUUID(),
        name: options.name,
        prefix: key.slice(0, 10),
        admin: options.admin ?? false,
        rpm: options.rpm,
        tpm: options.tpm,
        budgetDayUsd: options.budgetDayUsd,
        budgetMonthUsd: options.budgetMonthUsd,
        createdAt: Date.now(),
      };
      database
        .prepare(
          'INSERT INTO api_keys (id, name, hash, prefix, admin, rpm, tpm, budget_day_usd, budget_month_usd, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run(
          record.id,
          record.name,
          hashKey(key),
          record.prefix,
          record.admin ? 1 : 0,
          record.rpm ?? null,
          record.tpm ?? null,
          record.budgetDayUsd ?? null,
          record.budgetMonthUsd ?? null,
          record.createdAt,
        );
      cache.clear();
      counted = undefined;
      return { key, record };
    },
    list(includeRevoked = false): ApiKeyRecord[] {
      const rows = database
        .prepare(
          `SELECT * FROM api_keys ${includeRevoked ? '' : 'WHERE revoked_at IS NULL'} ORDER BY created_at`,
        )
        .all() as Record<string, unknown>[];
      return rows.map(fromRow);
    },
    revoke(idOrPrefix: string): ApiKeyRecord {
      const row = database
        .prepare('SELECT * FROM api_keys WHERE (id = ? OR prefix = ? OR name = ?) AND revoked_at IS NULL')
        .all(idOrPrefix, idOrPrefix, idOrPrefix) as Record<string, unknown>[];
      if (row.length !== 1) {
        throw new ConclaveError(
          'not-found',
          row.length === 0
            ? `No active key matches "${idOrPrefix}".`
            : `"${idOrPrefix}" matches ${row.length} keys.`,
          {
            hint: 'Run `conclave keys list` and pass the key id or prefix.',
          },
        );
      }
      database.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ?').run(Date.now(), String(row[0]!.id));
      cache.clear();
      counted = undefined;
      return fromRow({ ...row[0]!, revoked_at: Date.now() });
    },
    verify(key: string): ApiKeyRecord | undefined {
      const hash = hashKey(key);
      const cached = cache.get(hash);
      if (cached && Date.now() - cached.at < CACHE_MS) return cached.record;
      const row = byHash.get(hash) as Record<string, unknown> | undefined;
      const record = row ? fromRow(row) : undefined;
      cache.set(hash, { record, at: Date.now() });
      return record;
    },
    count(): number {
      if (!counted || Date.now() - counted.at >= CACHE_MS)
        counted = { n: Number((active.get() as { n: number }).n), at: Date.now() };
      return counted.n;
    },
  };
}

const CACHE_MS = 2_000;

export type ApiKeyStore = ReturnType<typeof createApiKeyStore>;

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

function fromRow(row: Record<string, unknown>): ApiKeyRecord {
  const number = (value: unknown) => (value === null || value === undefined ? undefined : Number(value));
  return {
    id: String(row.id),
    name: String(row.name),
    prefix: String(row.prefix),
    admin: Number(row.admin) === 1,
    rpm: number(row.rpm),
    tpm: number(row.tpm),
    budgetDayUsd: number(row.budget_day_usd),
    budgetMonthUsd: number(row.budget_month_usd),
    createdAt: Number(row.created_at),
    revokedAt: number(row.revoked_at),
  };
}
