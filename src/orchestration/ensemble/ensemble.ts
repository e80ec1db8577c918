import type { OrchestrationContext } from '../orchestration-context.js';
import type { EnsembleInput } from './ensemble-input.js';
import type { EnsembleRun } from './ensemble-run.js';
import { startEnsemble } from './run-ensemble.js';

/**
 * The library call: `const ensemble = createEnsemble(engine.orchestration)`, then
 * `await ensemble({ messages, strategy: 'best-of-n', numModels: 3, taskType: 'reasoning' })`. Resolves with the
 * whole run (answer, confidence, models used, every member's answer, latency, tokens and cost, totals); bad
 * input rejects before any model is called.
 */
export function createEnsemble(context: OrchestrationContext) {
  return (input: EnsembleInput): Promise<EnsembleRun> => runEnsemble(context, input);
}

/** Runs one ensemble to the end (progress parts are drained and dropped). */
export async function runEnsemble(context: OrchestrationContext, input: EnsembleInput): Promise<EnsembleRun> {
  const execution = startEnsemble(context, input);
  for await (const _part of execution.parts) {
    // Drain: the run advances as its parts are pulled.
  }
  return execution.run;
}

export type { EnsembleInput } from './ensemble-input.js';
export type { EnsembleCallReport, EnsembleRun } from './ensemble-run.js';
