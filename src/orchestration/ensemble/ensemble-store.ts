import type { DatabaseSync } from 'node:sqlite';
import { redactSecrets } from '../../privacy/scan-secrets.js';
import { inWriteTransaction } from '../../store/in-write-transaction.js';
import type { EnsembleRun } from './ensemble-run.js';

/** Member outcomes learned from past runs of one task type: how often a model's answer held up. */
export interface MemberTrackRecord {
  successes: number;
  trials: number;
}

// A run counts as evidence about its members when the ensemble was this sure, or a user rated it.
export const CONFIDENT_RUN = 0.8;

/**
 * Ensemble runs in the store: the run row (answer, confidence, totals, whole run as JSON) and one row per call,
 * written in one transaction together with whatever `alsoWrite` adds (training example, preference pairs).
 */
export function createEnsembleStore(database: DatabaseSync) {
  const insertRun =
    database.prepare(`INSERT INTO ensemble_runs (id, created_at, finished_at, status, strategy,
    preset, task_type, session_id, prompt_json, final_answer, answer_kind, answer_value, confidence, agreement,
    models_agreed, winner, stopped_stage, models_json, cost_usd, average_latency_ms, input_tokens, output_tokens,
    duration_ms, error_kind, error_message, run_json) VALUES (${placeholders(26)})`);
  const insertCall = database.prepare(`INSERT INTO ensemble_calls (run_id, position, role, stage, model,
    request_id, status, error_kind, error_message, latency_ms, input_tokens, output_tokens, cost_usd, answer_value,
    agreed_with_final, judge_score, text) VALUES (${placeholders(17)})`);

  return {
    record(run: EnsembleRun, prompt: unknown, alsoWrite: () => void = () => undefined): void {
      inWriteTransaction(database, () => {
        alsoWrite();
        write(run, prompt);
      });
    },

    get(id: string): EnsembleRun | undefined {
      const row = database.prepare('SELECT run_json FROM ensemble_runs WHERE id = ?').get(id) as
        | { run_json: string }
        | undefined;
      return row ? (JSON.parse(row.run_json) as EnsembleRun) : undefined;
    },

    /**
     * Per model, for one task type: member answers of confident or rated runs, and how many of them matched the
     * final answer — flipped when a user said the final answer was wrong. Reads every run of the task type;
     * ensembles use the running sums of `track-record-source.ts`, which equal it.
     */
    trackRecords(taskType: string): Map<string, MemberTrackRecord> {
      const rows = database
        .prepare(
          `SELECT c.model AS model, c.agreed_with_final AS agreed,
             (SELECT AVG(COALESCE(f.score, f.thumbs)) FROM feedback f WHERE f.target_id = r.id) AS rating
           FROM ensemble_calls c JOIN ensemble_runs r ON r.id = c.run_id
           WHERE r.task_type = ? AND c.role = 'member' AND c.status = 'ok' AND c.agreed_with_final IS NOT NULL
             AND (r.confidence >= ? OR EXISTS (SELECT 1 FROM feedback f WHERE f.target_id = r.id))`,
        )
        .all(taskType, CONFIDENT_RUN) as { model: string; agreed: number; rating: number | null }[];
      const records = new Map<string, MemberTrackRecord>();
      for (const row of rows) {
        const record = records.get(row.model) ?? { successes: 0, trials: 0 };
        const finalWasRight = row.rating === null || row.rating >= 0.5;
        record.trials += 1;
        if ((row.agreed === 1) === finalWasRight) record.successes += 1;
        records.set(row.model, record);
      }
      return records;
    },
  };

  function write(run: EnsembleRun, prompt: unknown): void {
    const clean = JSON.parse(
      JSON.stringify(run, (_key, value: unknown) =>
        typeof value === 'string' ? redactSecrets(value) : value,
      ),
    ) as EnsembleRun;
    insertRun.run(
      clean.id,
      clean.createdAt,
      clean.createdAt + clean.totals.durationMs,
      clean.status,
      clean.strategy,
      clean.preset ?? null,
      clean.taskType,
      clean.sessionId ?? null,
      redactSecrets(JSON.stringify(prompt)),
      clean.status === 'error' ? null : clean.answer,
      clean.extracted?.kind ?? null,
      clean.extracted?.value ?? null,
      clean.confidence,
      clean.agreement,
      clean.modelsAgreed ? 1 : 0,
      clean.winner ?? null,
      clean.stoppedAt?.stage ?? null,
      JSON.stringify(clean.modelsUsed),
      clean.totals.costUsd,
      clean.totals.averageLatencyMs,
      clean.totals.usage.inputTokens,
      clean.totals.usage.outputTokens,
      Math.round(clean.totals.durationMs),
      clean.error?.kind ?? null,
      clean.error?.message ?? null,
      JSON.stringify(clean),
    );
    clean.members.forEach((call, position) => {
      const score = clean.judgment?.scores.find((entry) => entry.model === call.model)?.score;
      insertCall.run(
        clean.id,
        position,
        call.role,
        call.stage ?? null,
        call.model,
        call.requestId ?? null,
        call.ok ? 'ok' : 'error',
        call.error?.kind ?? null,
        call.error?.message ?? null,
        Math.round(call.latencyMs),
        call.usage.inputTokens,
        call.usage.outputTokens,
        call.costUsd,
        call.extracted?.value ?? null,
        call.agreedWithFinal === undefined ? null : call.agreedWithFinal ? 1 : 0,
        call.role === 'member' && score !== undefined ? score : null,
        call.answer,
      );
    });
  }
}

export type EnsembleStore = ReturnType<typeof createEnsembleStore>;

function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}
