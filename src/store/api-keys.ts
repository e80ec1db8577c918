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
  let cache: Map<string, ApiKeyRecord> | undefined;
  const load = (): Map<string, ApiKeyRecord> => {
    cache ??= new Map(
      (
        database.prepare('SELECT * FROM api_keys WHERE revoked_at IS NULL').all() as Record<string, unknown>[]
      ).map((row) => [String(row.hash), fromRow(row)]),
    );
    return cache;
  };
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
      cache = undefined;
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
      cache = undefined;
      return fromRow({ ...row[0]!, revoked_at: Date.now() });
    },
    verify(key: string): ApiKeyRecord | undefined {
      return load().get(hashKey(key));
    },
    count(): number {
      return load().size;
    },
  };
}

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
