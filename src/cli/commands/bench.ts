import type { Command } from 'commander';
import { registerBenchEnsembleCommand } from './bench-ensemble.js';
import { registerBenchRoutingCommand } from './bench-routing.js';

/** `conclave bench …`: offline benchmarks on recorded model outcomes. */
export function registerBenchCommands(program: Command): void {
  const bench = program
    .command('bench')
    .description('Offline benchmarks on recorded outcomes of real models');
  registerBenchRoutingCommand(bench);
  registerBenchEnsembleCommand(bench);
}
