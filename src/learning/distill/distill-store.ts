import { randomUUID } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import { inWriteTransaction } from '../../store/in-write-transaction.js';
import { INTERNAL_SESSION_PREFIX } from '../learning-dependencies.js';
import type { DistillTask } from './read-tasks.js';

export type DistillTaskStatus = 'pending' | 'running' | 'done' | 'failed';

export interface DistillJob {
  id: string;
  name: string;
  model: string;
  strategy: string;
  members: string[];
}

export interface DistillTaskState extends DistillTask {
  status: DistillTaskStatus;
  sessionId: string;
  exampleId?: string;
  quality?: number;
  costUsd: number;
  attempts: number;
  error?: string;
}

/**
 * Per-task distillation state. Every state change is committed before the next call is made, so a run killed
 * at any point resumes with every answered task skipped.
 */
export function createDistillStore(database: DatabaseSync) {
  const now = () => Date.now();
  return {
    /** The job by name, created on first use; tasks new to the file are added, known ones keep their state. */
    open(spec: Omit<DistillJob, 'id'> & { tasksFile?: string; tasks: DistillTask[] }): {
      job: DistillJob;
      resumed: boolean;
    } {
      const existing = database.prepare('SELECT * FROM distill_jobs WHERE name = ?').get(spec.name) as
        | Record<string, string>
        | undefined;
      const id = existing?.id ?? randomUUID();
      inWriteTransaction(database, () => {
        if (!existing) {
          database
            .prepare(
              'INSERT INTO distill_jobs (id, name, created_at, updated_at, model, strategy, members_json, tasks_file, task_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
            )
            .run(
              id,
              spec.name,
              now(),
              now(),
              spec.model,
              spec.strategy,
              JSON.stringify(spec.members),
              spec.tasksFile ?? null,
              spec.tasks.length,
            );
        } else {
          database
            .prepare('UPDATE distill_jobs SET updated_at = ?, task_count = ? WHERE id = ?')
            .run(now(), spec.tasks.length, id);
        }
        const insert = database.prepare(
          `INSERT OR IGNORE INTO distill_tasks (job_id, task_key, position, prompt_json, task_type, status, session_id, updated_at)
           VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)`,
        );
        for (const task of spec.tasks)
          insert.run(
            id,
            task.key,
            task.position,
            JSON.stringify({ prompt: task.prompt, system: task.system }),
            task.taskType ?? null,
            `${INTERNAL_SESSION_PREFIX}distill:${id}:${task.key}`,
            now(),
          );
      });
      return {
        job: { id, name: spec.name, model: spec.model, strategy: spec.strategy, members: spec.members },
        resumed: existing !== undefined,
      };
    },
    tasks(jobId: string): DistillTaskState[] {
      const rows = database
        .prepare('SELECT * FROM distill_tasks WHERE job_id = ? ORDER BY position')
        .all(jobId) as Record<string, unknown>[];
      return rows.map((row) => {
        const prompt = JSON.parse(String(row.prompt_json)) as { prompt: string; system?: string };
        return {
          key: String(row.task_key),
          position: Number(row.position),
          prompt: prompt.prompt,
          system: prompt.system,
          taskType: row.task_type === null ? undefined : String(row.task_type),
          status: String(row.status) as DistillTaskStatus,
          sessionId: String(row.session_id),
          exampleId: row.example_id === null ? undefined : String(row.example_id),
          quality: row.quality === null ? undefined : Number(row.quality),
          costUsd: Number(row.cost_usd),
          attempts: Number(row.attempts),
          error: row.error === null ? undefined : String(row.error),
        };
      });
    },
    markRunning(jobId: string, key: string): void {
      database
        .prepare(
          "UPDATE distill_tasks SET status = 'running', attempts = attempts + 1, updated_at = ? WHERE job_id = ? AND task_key = ?",
        )
        .run(now(), jobId, key);
    },
    /** Back to pending: the run stopped before this task's call (a setup error that affects every task). */
    markPending(jobId: string, key: string): void {
      database
        .prepare(
          "UPDATE distill_tasks SET status = 'pending', updated_at = ? WHERE job_id = ? AND task_key = ?",
        )
        .run(now(), jobId, key);
    },
    markDone(
      jobId: string,
      key: string,
      done: { requestId: string; exampleId?: string; quality: number; costUsd: number },
    ): void {
      database
        .prepare(
          `UPDATE distill_tasks SET status = 'done', request_id = ?, example_id = ?, quality = ?, cost_usd = cost_usd + ?,
             error = NULL, updated_at = ? WHERE job_id = ? AND task_key = ?`,
        )
        .run(done.requestId, done.exampleId ?? null, done.quality, done.costUsd, now(), jobId, key);
    },
    markFailed(jobId: string, key: string, error: string, costUsd: number): void {
      database
        .prepare(
          "UPDATE distill_tasks SET status = 'failed', error = ?, cost_usd = cost_usd + ?, updated_at = ? WHERE job_id = ? AND task_key = ?",
        )
        .run(error, costUsd, now(), jobId, key);
    },
    costSoFar(jobId: string): number {
      return (
        database
          .prepare('SELECT COALESCE(SUM(cost_usd), 0) AS cost FROM distill_tasks WHERE job_id = ?')
          .get(jobId) as { cost: number }
      ).cost;
    },
  };
}

export type DistillStore = ReturnType<typeof createDistillStore>;
