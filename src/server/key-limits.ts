import type { DatabaseSync } from 'node:sqlite';
import { ConclaveError } from '../core/conclave-error.js';
import { createTokenBucket, type TokenBucket } from '../resilience/token-bucket.js';
import type { ApiKeyRecord } from '../store/api-keys.js';

interface Ledger {
  dayStart: number;
  monthStart: number;
  day: number;
  month: number;
}

/** Per-key RPM/TPM buckets and USD budgets per UTC day and month (seeded from the request log). */
export function createKeyLimits(database: DatabaseSync, now = Date.now) {
  const buckets = new Map<string, { requests?: TokenBucket; tokens?: TokenBucket }>();
  const ledgers = new Map<string, Ledger>();
  const spendSince = database.prepare(
    'SELECT COALESCE(SUM(cost_usd), 0) AS spent FROM requests WHERE api_key_id = ? AND created_at >= ?',
  );

  const ledgerFor = (key: ApiKeyRecord): Ledger => {
    const date = new Date(now());
    const dayStart = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
    const monthStart = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
    let ledger = ledgers.get(key.id);
    if (!ledger || ledger.dayStart !== dayStart || ledger.monthStart !== monthStart) {
      const spent = (since: number) => Number((spendSince.get(key.id, since) as { spent: number }).spent);
      ledger = { dayStart, monthStart, day: spent(dayStart), month: spent(monthStart) };
      ledgers.set(key.id, ledger);
    }
    return ledger;
  };

  return {
    /** Throws a 429 (rate-limit or budget) when the key may not start another request now. */
    admit(key: ApiKeyRecord, estimatedTokens: number): void {
      if (key.budgetDayUsd !== undefined || key.budgetMonthUsd !== undefined) {
        const ledger = ledgerFor(key);
        if (key.budgetDayUsd !== undefined && ledger.day >= key.budgetDayUsd) {
          throw new ConclaveError(
            'budget',
            `Key "${key.name}" has spent its daily budget ($${ledger.day.toFixed(4)} of $${key.budgetDayUsd}).`,
            {
              retryAfterMs: ledger.dayStart + 86_400_000 - now(),
            },
          );
        }
        if (key.budgetMonthUsd !== undefined && ledger.month >= key.budgetMonthUsd) {
          throw new ConclaveError(
            'budget',
            `Key "${key.name}" has spent its monthly budget ($${ledger.month.toFixed(4)} of $${key.budgetMonthUsd}).`,
          );
        }
      }
      if (!key.rpm && !key.tpm) return;
      let entry = buckets.get(key.id);
      if (!entry) {
        entry = {
          requests: key.rpm ? createTokenBucket({ capacity: key.rpm, perMinute: key.rpm, now }) : undefined,
          tokens: key.tpm ? createTokenBucket({ capacity: key.tpm, perMinute: key.tpm, now }) : undefined,
        };
        buckets.set(key.id, entry);
      }
      const requestWait = entry.requests?.take(1) ?? 0;
      if (requestWait > 0) {
        throw new ConclaveError('rate-limit', `Key "${key.name}" exceeded ${key.rpm} requests per minute.`, {
          retryAfterMs: requestWait,
        });
      }
      const tokenWait = entry.tokens?.take(estimatedTokens) ?? 0;
      if (tokenWait > 0) {
        entry.requests?.adjust(-1);
        throw new ConclaveError('rate-limit', `Key "${key.name}" exceeded ${key.tpm} tokens per minute.`, {
          retryAfterMs: tokenWait,
        });
      }
    },
    settle(
      key: ApiKeyRecord,
      {
        estimatedTokens,
        actualTokens,
        costUsd,
      }: { estimatedTokens: number; actualTokens: number; costUsd: number },
    ): void {
      buckets.get(key.id)?.tokens?.adjust(actualTokens - estimatedTokens);
      if (key.budgetDayUsd !== undefined || key.budgetMonthUsd !== undefined) {
        const ledger = ledgerFor(key);
        ledger.day += costUsd;
        ledger.month += costUsd;
      }
    },
  };
}

export type KeyLimits = ReturnType<typeof createKeyLimits>;
