import type { DatabaseSync } from 'node:sqlite';
import type { LearningConfig } from '../../config/sections/learning.js';
import type { ChatRequest } from '../../core/chat-request.js';
import { INTERNAL_SESSION_PREFIX } from '../learning-dependencies.js';
import type { ArmStatistics } from './arm-statistics.js';
import { createArmStatisticsSource } from './arm-statistics-source.js';
import { hashUnit, thompsonArm, weightedArm } from './choose-arm.js';
import { createExperimentStore, type Experiment } from './experiment-store.js';
import type { Random } from './posterior.js';

export interface ExperimentRunnerOptions {
  database: DatabaseSync;
  settings: LearningConfig['experiments'];
  /** The request's task class, for experiments limited to some tasks (undefined when it cannot be told). */
  taskClassOf?: (request: ChatRequest) => string | undefined;
  random?: Random;
  now?: () => number;
}

export interface ExperimentAssignment {
  request: ChatRequest;
  experiment: string;
  arm: string;
  /** Remembers which arm served the request, so its outcome and feedback count for that arm. */
  record(requestId: string): void;
}

/**
 * The engine's hook into experiments, called before routing. A request an experiment covers gets the model of
 * its arm — the same arm for every request of a session (sticky), chosen by static weights or Thompson
 * sampling. Internal requests (judge, distillation, orchestration members) are never part of an experiment.
 */
export function createExperimentRunner({
  database,
  settings,
  taskClassOf,
  random = Math.random,
  now = Date.now,
}: ExperimentRunnerOptions) {
  const store = createExperimentStore(database);
  // Running sums, refreshed from what was added since: a large experiment never stalls a request.
  const armStatistics = createArmStatisticsSource(database, { now });
  let active: Experiment[] = [];
  let loadedAt = -Infinity;
  const stats = new Map<string, { at: number; arms: ArmStatistics[] }>();
  const findAssignment = database.prepare(
    'SELECT arm FROM experiment_assignments WHERE experiment_id = ? AND unit_key = ?',
  );
  const insertAssignment = database.prepare(
    'INSERT OR IGNORE INTO experiment_assignments (experiment_id, unit_key, arm, assigned_at) VALUES (?, ?, ?, ?)',
  );
  const insertObservation = database.prepare(
    'INSERT OR IGNORE INTO experiment_observations (request_id, experiment_id, arm, unit_key, created_at) VALUES (?, ?, ?, ?, ?)',
  );

  const statisticsOf = (experiment: Experiment): ArmStatistics[] => {
    const cached = stats.get(experiment.id);
    if (cached && now() - cached.at < settings.refreshMs) return cached.arms;
    const arms = armStatistics.statisticsOf(experiment);
    stats.set(experiment.id, { at: now(), arms });
    return arms;
  };
  const choose = (experiment: Experiment, unit: string | undefined): string =>
    experiment.allocation === 'thompson'
      ? thompsonArm(experiment, statisticsOf(experiment), { minSamples: settings.minSamples, random })
      : weightedArm(experiment, unit ? hashUnit(`${experiment.id}\u0000arm\u0000${unit}`) : random());
  const stickyArm = (experiment: Experiment, unit: string | undefined): string => {
    if (experiment.status === 'promoted' && experiment.winner) return experiment.winner;
    if (!unit) return choose(experiment, undefined);
    const known = findAssignment.get(experiment.id, unit) as { arm: string } | undefined;
    if (known && experiment.arms.some((arm) => arm.model === known.arm)) return known.arm;
    insertAssignment.run(experiment.id, unit, choose(experiment, unit), now());
    // Another process may have assigned this session first: its choice stands.
    return (findAssignment.get(experiment.id, unit) as { arm: string }).arm;
  };

  return {
    assign(request: ChatRequest): ExperimentAssignment | undefined {
      if (request.parentId || request.sessionId?.startsWith(INTERNAL_SESSION_PREFIX)) return undefined;
      if (now() - loadedAt >= settings.refreshMs) {
        active = store.active();
        loadedAt = now();
      }
      let taskClass: string | undefined | null = null;
      for (const experiment of active) {
        if (!matchesModel(experiment.match.models, request.model)) continue;
        if (experiment.match.tasks.length > 0) {
          if (taskClass === null) taskClass = safely(() => taskClassOf?.(request));
          if (!taskClass || !experiment.match.tasks.includes(taskClass)) continue;
        }
        const unit = request.sessionId;
        const point = unit ? hashUnit(`${experiment.id}\u0000traffic\u0000${unit}`) : random();
        if (point >= experiment.traffic) continue;
        const arm = stickyArm(experiment, unit);
        return {
          request: { ...request, model: arm },
          experiment: experiment.name,
          arm,
          record(requestId: string) {
            insertObservation.run(requestId, experiment.id, arm, unit ?? null, now());
          },
        };
      }
      return undefined;
    },
    /** Reads the running Thompson experiments' statistics now, so no request pays for the first full read. */
    load(): void {
      active = store.active();
      loadedAt = now();
      for (const experiment of active) if (experiment.allocation === 'thompson') statisticsOf(experiment);
    },
    /** Re-read experiments on the next request (after create/stop/promote in this process). */
    invalidate(): void {
      loadedAt = -Infinity;
      stats.clear();
    },
  };
}

export type ExperimentRunner = ReturnType<typeof createExperimentRunner>;

/** `auto` in the match list covers `auto:<objective>` too; no model requested means `auto`. */
export function matchesModel(models: string[], requested: string | undefined): boolean {
  if (models.length === 0) return true;
  const model = (requested ?? 'auto').trim().replace(/^conclave\//, '') || 'auto';
  return models.some(
    (entry) => entry === model || (entry === 'auto' && (model === 'default' || model.startsWith('auto:'))),
  );
}

function safely<T>(work: () => T): T | undefined {
  try {
    return work();
  } catch {
    return undefined;
  }
}
