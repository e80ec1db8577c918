import type { Command } from 'commander';
import { loadSuites } from '../../../learning/evaluation/suite/load-suite.js';
import { parseNonNegativeNumber, parsePositiveInteger } from '../../parse-options.js';
import { withEngine } from '../../with-engine.js';
import { parseRepeatableList } from './parse-eval-options.js';
import { type RunCommandOptions, runSuites } from './run-suites.js';

export function registerEvalRunCommand(evaluation: Command): void {
  evaluation
    .command('run')
    .description('Run suites over a task × model matrix (resumable; respects rate limits and a budget)')
    .argument('<suites...>', 'suite YAML files or directories of them')
    .option('-m, --models <ids>', 'models to compare, comma-separated', parseRepeatableList)
    .option('--repeat <n>', 'answers per task and model', parsePositiveInteger)
    .option('--concurrency <k>', 'cells in flight at once', parsePositiveInteger)
    .option(
      '--budget <usd>',
      'stop cleanly before spending more than this (run total)',
      parseNonNegativeNumber,
    )
    .option('--run <id>', 'run id: resumes that run, or creates it under this name')
    .option('--resume', 'resume the latest run of the same suites')
    .option('--judge <model>', 'judge model for judge and pairwise graders')
    .option('--allow-external', 'consent to sending the tasks to cloud models')
    .option('--json', 'print the summary as JSON')
    .action(async (locations: string[], options: RunCommandOptions, command: Command) => {
      // Suites are checked before the engine starts, so a typo fails fast.
      const suites = loadSuites(locations);
      await withEngine(command, (engine) => runSuites(engine, suites, options));
    });
}
