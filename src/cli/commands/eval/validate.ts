import type { Command } from 'commander';
import { loadSuites } from '../../../learning/evaluation/suite/load-suite.js';
import { paint } from '../../output.js';

export function registerEvalValidateCommand(evaluation: Command): void {
  evaluation
    .command('validate')
    .description('Check suites without calling any model')
    .argument('<suites...>', 'suite YAML files or directories of them')
    .action((locations: string[]) => {
      for (const suite of loadSuites(locations))
        process.stdout.write(
          `${paint('green', '✓')} ${suite.file}: suite ${suite.name}, ${suite.tasks.length} tasks\n`,
        );
    });
}
