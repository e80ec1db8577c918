import type { DatabaseSync } from 'node:sqlite';
import { ConclaveError } from '../../core/conclave-error.js';
import { experimentReport } from './experiment-report.js';
import { createExperimentStore, type Experiment } from './experiment-store.js';

/**
 * Promotes an arm (the one given, else the one most likely best): from now on it serves all the traffic the
 * experiment covers. `conclusive` says whether the evidence had reached a verdict.
 */
export function promoteExperiment(
  database: DatabaseSync,
  name: string,
  { arm, minSamples }: { arm?: string; minSamples: number },
): { experiment: Experiment; winner: string; conclusive: boolean } {
  const store = createExperimentStore(database);
  const experiment = store.get(name);
  const report = experimentReport(database, experiment, { minSamples });
  const winner = arm ?? report.leader?.arm;
  if (!winner || !experiment.arms.some((candidate) => candidate.model === winner))
    throw new ConclaveError('bad-request', `"${winner}" is not an arm of ${experiment.name}.`, {
      hint: `Arms: ${experiment.arms.map((candidate) => candidate.model).join(', ')}.`,
    });
  store.setStatus(experiment.id, 'promoted', winner);
  return { experiment, winner, conclusive: arm !== undefined || report.decided };
}

/** Stops an experiment: requests are routed as if it never existed (a promoted winner is remembered). */
export function stopExperiment(database: DatabaseSync, name: string): Experiment {
  const store = createExperimentStore(database);
  const experiment = store.get(name);
  store.setStatus(experiment.id, 'stopped', experiment.winner);
  return experiment;
}
