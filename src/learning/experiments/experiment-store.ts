import { randomUUID } from 'node:crypto';
import type { DatabaseSync } from 'node:sqlite';
import type { ExperimentMetric } from '../../config/sections/learning.js';
import { ConclaveError } from '../../core/conclave-error.js';

export type Allocation = 'static' | 'thompson';
export type ExperimentStatus = 'running' | 'stopped' | 'promoted';

export interface ExperimentArm {
  model: string;
  /** Static allocation: relative share of traffic. */
  weight: number;
}

export interface ExperimentMatch {
  /** Requested model ids (or `auto`, which also covers `auto:<objective>`); empty = any. */
  models: string[];
  /** Task classes; empty = any. */
  tasks: string[];
}

export interface Experiment {
  id: string;
  name: string;
  status: ExperimentStatus;
  allocation: Allocation;
  metric: ExperimentMetric;
  arms: ExperimentArm[];
  match: ExperimentMatch;
  /** Share (0..1) of matching sessions/requests that take part. */
  traffic: number;
  winner?: string;
  createdAt: number;
  updatedAt: number;
}

/** Experiments and their state; assignments and observations are written by the experiment runner. */
export function createExperimentStore(database: DatabaseSync) {
  const fromRow = (row: Record<string, unknown>): Experiment => ({
    id: String(row.id),
    name: String(row.name),
    status: String(row.status) as ExperimentStatus,
    allocation: String(row.allocation) as Allocation,
    metric: String(row.metric) as ExperimentMetric,
    arms: JSON.parse(String(row.arms_json)) as ExperimentArm[],
    match: JSON.parse(String(row.match_json)) as ExperimentMatch,
    traffic: Number(row.traffic),
    winner: row.winner === null ? undefined : String(row.winner),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  });
  return {
    create(spec: Omit<Experiment, 'id' | 'status' | 'createdAt' | 'updatedAt' | 'winner'>): Experiment {
      if (database.prepare('SELECT 1 FROM experiments WHERE name = ?').get(spec.name)) {
        throw new ConclaveError('bad-request', `An experiment named "${spec.name}" already exists.`, {
          hint: 'Choose another name, or see it with `conclave experiment status <name>`.',
        });
      }
      const experiment: Experiment = {
        ...spec,
        id: randomUUID(),
        status: 'running',
        createdAt: Date.now(),
        updatedAt: Date.now(),
      };
      database
        .prepare(
          `INSERT INTO experiments (id, name, created_at, updated_at, status, allocation, metric, arms_json, match_json, traffic)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          experiment.id,
          spec.name,
          experiment.createdAt,
          experiment.updatedAt,
          'running',
          spec.allocation,
          spec.metric,
          JSON.stringify(spec.arms),
          JSON.stringify(spec.match),
          spec.traffic,
        );
      return experiment;
    },
    get(name: string): Experiment {
      const row = database.prepare('SELECT * FROM experiments WHERE name = ? OR id = ?').get(name, name) as
        | Record<string, unknown>
        | undefined;
      if (!row) {
        const names = (
          database.prepare('SELECT name FROM experiments ORDER BY created_at DESC LIMIT 10').all() as {
            name: string;
          }[]
        ).map((entry) => entry.name);
        throw new ConclaveError('not-found', `No experiment named "${name}".`, {
          hint:
            names.length > 0
              ? `Experiments: ${names.join(', ')}.`
              : 'Create one with `conclave experiment create`.',
        });
      }
      return fromRow(row);
    },
    list(): Experiment[] {
      return (
        database.prepare('SELECT * FROM experiments ORDER BY created_at DESC').all() as Record<
          string,
          unknown
        >[]
      ).map(fromRow);
    },
    /** Running and promoted experiments: the ones that steer requests. */
    active(): Experiment[] {
      return (
        database
          .prepare("SELECT * FROM experiments WHERE status IN ('running', 'promoted') ORDER BY created_at")
          .all() as Record<string, unknown>[]
      ).map(fromRow);
    },
    setStatus(id: string, status: ExperimentStatus, winner?: string): void {
      database
        .prepare('UPDATE experiments SET status = ?, winner = ?, updated_at = ? WHERE id = ?')
        .run(status, winner ?? null, Date.now(), id);
    },
  };
}

export type ExperimentStore = ReturnType<typeof createExperimentStore>;
