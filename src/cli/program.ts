import { Command } from 'commander';
import { registerBenchCommands } from './commands/bench.js';
import { registerChatCommand } from './commands/chat.js';
import { registerCouncilCommands } from './commands/council.js';
import { registerEnsembleCommands } from './commands/ensemble.js';
import { registerEvalCommands } from './commands/eval.js';
import { registerKeysCommand } from './commands/keys.js';
import { registerLearningCommands } from './commands/learning.js';
import { registerLogsCommand } from './commands/logs.js';
import { registerModelsCommand } from './commands/models.js';
import { registerPinCommands } from './commands/pins.js';
import { registerPipelineCommands } from './commands/pipeline.js';
import { registerRouteCommand } from './commands/route.js';
import { registerRouterCommands } from './commands/router.js';
import { registerRunCommand } from './commands/run.js';
import { registerServeCommand } from './commands/serve.js';

export function createProgram(): Command {
  const program = new Command();
  program
    .name('conclave')
    .description(
      'Multi-model LLM orchestration: routing, resilience, councils, ensembles, pipelines, learning',
    )
    .option(
      '-c, --config <file>',
      'config file (default: conclave.yaml/.toml/.json in the current directory)',
    )
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerModelsCommand(program);
  registerRunCommand(program);
  registerServeCommand(program);
  registerChatCommand(program);
  registerRouteCommand(program);
  registerRouterCommands(program);
  registerPinCommands(program);
  registerCouncilCommands(program);
  registerEnsembleCommands(program);
  registerPipelineCommands(program);
  registerLearningCommands(program);
  registerEvalCommands(program);
  registerBenchCommands(program);
  registerKeysCommand(program);
  registerLogsCommand(program);
  return program;
}
