import { Command } from 'commander';
import { registerModelsCommand } from './commands/models.js';
import { registerRunCommand } from './commands/run.js';

export function createProgram(): Command {
  const program = new Command();
  program
    .name('conclave')
    .description('Multi-model LLM orchestration: routing, resilience, councils, ensembles, pipelines, learning')
    .option('-c, --config <file>', 'config file (default: conclave.yaml/.toml/.json in the current directory)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerModelsCommand(program);
  registerRunCommand(program);
  return program;
}
