import type { Command } from 'commander';
import { EXPERIMENT_METRICS, type ExperimentMetric } from '../../../config/sections/learning.js';
import { promoteExperiment, stopExperiment } from '../../../learning/experiments/conclude-experiment.js';
import { defineExperiment } from '../../../learning/experiments/define-experiment.js';
import { experimentReport, formatExperimentReport } from '../../../learning/experiments/experiment-report.js';
import { createExperimentStore } from '../../../learning/experiments/experiment-store.js';
import { printJson } from '../../output.js';
import { withOfflineEngine } from '../../with-engine.js';
import { parseChoice, parseList, parseNumberList, parseUnitInterval } from './parse-learning-options.js';

/** `experiment` with create, status, promote and stop. */
export function registerExperimentCommands(program: Command): void {
  const experiment = program
    .command('experiment')
    .description(
      'A/B experiments between models: sticky per session, static or adaptive (Thompson) allocation',
    );
  experiment
    .command('create')
    .description('Start an experiment (canonical: a fine-tuned model against the current one)')
    .argument('<name>', 'experiment name')
    .requiredOption('--arms <models>', 'comma-separated model ids (2 or more)', parseList)
    .option('--weights <numbers>', 'static allocation: share per arm, e.g. 90,10', parseNumberList)
    .option(
      '--allocation <kind>',
      'static or thompson',
      parseChoice(['static', 'thompson'] as const),
      'static',
    )
    .option(
      '--metric <metric>',
      `what decides the winner: ${EXPERIMENT_METRICS.join(', ')}`,
      parseChoice(EXPERIMENT_METRICS),
      'feedback',
    )
    .option('--match-model <ids>', 'cover requests for these models (auto = routed requests)', parseList, [])
    .option('--match-task <classes>', 'cover requests of these task classes', parseList, [])
    .option(
      '--traffic <share>',
      'share of matching sessions in the experiment (default 1)',
      parseUnitInterval,
      1,
    )
    .action(async (name: string, options: Record<string, unknown>, command: Command) => {
      await withOfflineEngine(command, (engine) => {
        const created = defineExperiment(engine.database, engine.profile, {
          name,
          arms: options.arms as string[],
          weights: options.weights as number[] | undefined,
          allocation: options.allocation as 'static' | 'thompson',
          metric: options.metric as ExperimentMetric,
          matchModels: options.matchModel as string[],
          matchTasks: options.matchTask as string[],
          traffic: options.traffic as number,
        });
        process.stdout.write(
          `🧪 Experiment "${created.name}" running: ${created.arms.map((arm) => arm.model).join(' vs ')} (${created.allocation}, metric ${created.metric}).\n`,
        );
      });
    });
  experiment
    .command('status')
    .description('Per-arm metrics with 95% intervals and the probability each arm is best')
    .argument('[name]', 'experiment (default: all)')
    .option('--json', 'print as JSON')
    .action(async (name: string | undefined, options: { json?: boolean }, command: Command) => {
      await withOfflineEngine(command, (engine) => {
        const store = createExperimentStore(engine.database);
        const experiments = name ? [store.get(name)] : store.list();
        if (experiments.length === 0)
          return void process.stdout.write(
            'No experiments yet: conclave experiment create <name> --arms a,b --match-model b\n',
          );
        engine.requestLog.flush();
        const reports = experiments.map((entry) =>
          experimentReport(engine.database, entry, {
            minSamples: engine.config.learning.experiments.minSamples,
          }),
        );
        if (options.json) return printJson(reports);
        process.stdout.write(`${reports.map(formatExperimentReport).join('\n\n')}\n`);
      });
    });
  experiment
    .command('promote')
    .description('End the experiment: the winner (or --arm) serves all matching traffic')
    .argument('<name>', 'experiment')
    .option('--arm <model>', 'the arm to promote (default: the arm most likely best)')
    .action(async (name: string, options: { arm?: string }, command: Command) => {
      await withOfflineEngine(command, (engine) => {
        const {
          experiment: found,
          winner,
          conclusive,
        } = promoteExperiment(engine.database, name, {
          arm: options.arm,
          minSamples: engine.config.learning.experiments.minSamples,
        });
        process.stdout.write(
          `🏆 ${winner} now serves all traffic ${found.name} covered.${conclusive ? '' : ' (Note: the evidence was not yet conclusive.)'}\n`,
        );
        process.stdout.write(
          `To make it permanent, route there in conclave.yaml (e.g. defaults/fallbacks), then: conclave experiment stop ${found.name}\n`,
        );
      });
    });
  experiment
    .command('stop')
    .description('Stop an experiment: requests are routed as if it never existed')
    .argument('<name>', 'experiment')
    .action(async (name: string, _options: unknown, command: Command) => {
      await withOfflineEngine(command, (engine) => {
        process.stdout.write(`Stopped ${stopExperiment(engine.database, name).name}.\n`);
      });
    });
}
