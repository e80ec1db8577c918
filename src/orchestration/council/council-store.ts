import type { DatabaseSync } from 'node:sqlite';
import type { StoredMessage } from '../../learning/training-store.js';
import { redactSecrets } from '../../privacy/scan-secrets.js';
import { inWriteTransaction } from '../../store/in-write-transaction.js';
import type { CouncilRun } from './council-run.js';
import { allCalls } from './finish-run.js';

/**
 * Council runs in the store. `record` writes the run, its calls, rankings (with label maps), the session's new
 * turns and whatever `alsoWrite` adds (preference pairs, the training example) in one transaction: either all
 * of it is committed or none of it. Texts are scrubbed of secrets before they are written.
 */
export function createCouncilStore(database: DatabaseSync) {
  const insertRun = database.prepare(`INSERT INTO council_runs (id, created_at, finished_at, status, preset,
    session_id, question, members_json, chairman, final_text, final_source, skipped_json, error_message, agreement,
    input_tokens, output_tokens, cost_usd, duration_ms, run_json) VALUES (${placeholders(19)})`);
  const insertCall =
    database.prepare(`INSERT INTO council_calls (run_id, position, stage, round, member, model,
    request_id, status, error_kind, error_message, latency_ms, input_tokens, output_tokens, cost_usd, text)
    VALUES (${placeholders(15)})`);
  const insertRanking =
    database.prepare(`INSERT INTO council_rankings (run_id, reviewer, model, label_map_json,
    method, ranking_json) VALUES (?, ?, ?, ?, ?, ?)`);
  const insertTurn = database.prepare(`INSERT INTO council_session_turns (session_id, position, role, content,
    run_id, created_at) VALUES (?, ?, ?, ?, ?, ?)`);
  const nextPosition = database.prepare(
    'SELECT COALESCE(MAX(position) + 1, 0) AS next FROM council_session_turns WHERE session_id = ?',
  );

  return {
    /** The conversation a session has had with the council so far, oldest first. */
    history(sessionId: string): StoredMessage[] {
      return (
        database
          .prepare('SELECT role, content FROM council_session_turns WHERE session_id = ? ORDER BY position')
          .all(sessionId) as { role: StoredMessage['role']; content: string }[]
      ).map((row) => ({ role: row.role, content: row.content }));
    },

    record(run: CouncilRun, alsoWrite: () => void = () => undefined): void {
      inWriteTransaction(database, () => {
        alsoWrite();
        writeRun(run);
      });
    },

    get(id: string): CouncilRun | undefined {
      const row = database.prepare('SELECT run_json FROM council_runs WHERE id = ?').get(id) as
        | { run_json: string }
        | undefined;
      return row ? (JSON.parse(row.run_json) as CouncilRun) : undefined;
    },

    list({ limit = 20 }: { limit?: number } = {}): CouncilRun[] {
      const rows = database
        .prepare('SELECT run_json FROM council_runs ORDER BY created_at DESC LIMIT ?')
        .all(limit) as { run_json: string }[];
      return rows.map((row) => JSON.parse(row.run_json) as CouncilRun);
    },
  };

  function writeRun(run: CouncilRun): void {
    const clean = JSON.parse(
      JSON.stringify(run, (_key, value: unknown) =>
        typeof value === 'string' ? redactSecrets(value) : value,
      ),
    ) as CouncilRun;
    const finishedAt = clean.createdAt + clean.totals.durationMs;
    insertRun.run(
      clean.id,
      clean.createdAt,
      finishedAt,
      clean.status,
      clean.preset ?? null,
      clean.sessionId ?? null,
      clean.question,
      JSON.stringify(clean.members),
      clean.synthesis?.chairman ?? null,
      clean.status === 'error' ? null : clean.final.text,
      clean.status === 'error' ? null : clean.final.source,
      JSON.stringify(clean.skipped),
      clean.error?.message ?? null,
      clean.review?.agreement ?? null,
      clean.totals.usage.inputTokens,
      clean.totals.usage.outputTokens,
      clean.totals.costUsd,
      clean.totals.durationMs,
      JSON.stringify(clean),
    );
    allCalls(clean).forEach((call, position) => {
      insertCall.run(
        clean.id,
        position,
        call.stage,
        call.round,
        call.member,
        call.model,
        call.requestId ?? null,
        call.ok ? 'ok' : 'error',
        call.error?.kind ?? null,
        call.error?.message ?? null,
        Math.round(call.latencyMs),
        call.usage.inputTokens,
        call.usage.outputTokens,
        call.costUsd,
        call.text,
      );
    });
    for (const review of clean.review?.reviews ?? []) {
      insertRanking.run(
        clean.id,
        review.reviewer,
        review.model,
        JSON.stringify(review.labels),
        review.method,
        JSON.stringify(review.ranking),
      );
    }
    if (clean.sessionId && clean.status !== 'error') {
      let position = Number((nextPosition.get(clean.sessionId) as { next: number }).next);
      for (const [role, content] of [
        ['user', clean.question],
        ['assistant', clean.final.text],
      ] as const) {
        insertTurn.run(clean.sessionId, position, role, content, clean.id, finishedAt);
        position += 1;
      }
    }
  }
}

export type CouncilStore = ReturnType<typeof createCouncilStore>;

function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}
