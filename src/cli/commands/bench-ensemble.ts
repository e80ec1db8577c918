import path from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { formatEnsembleReport } from '../../orchestration/ensemble/replay/format-ensemble-report.js';
import { runEnsembleBenchmark } from '../../orchestration/ensemble/replay/run-ensemble-benchmark.js';
import { paint, printJson } from '../output.js';

const DEFAULT_DATA = '../shared/data/routing/routerbench_subset.jsonl';
const DEFAULT_TASKS = 'arc-challenge,winogrande';

interface BenchEnsembleOptions {
  data: string;
  tasks: string;
  budget: number;
  json?: boolean;
}

/** Registers `conclave bench ensemble` on the `bench` command. */
export function registerBenchEnsembleCommand(bench: Command): void {
  bench
    .command('ensemble')
    .description(
      'Replay recorded answers of real models through every ensemble strategy: accuracy and $/query vs best-single and oracle',
    )
    .option('--data <file>', 'per-query outcome data (JSONL, ../shared/data/routing format)', DEFAULT_DATA)
    .option('--tasks <list>', 'tasks to evaluate together (arc-challenge, winogrande, mbpp)', DEFAULT_TASKS)
    .option(
      '--budget <share>',
      "cost-aware strategies' budget as a share of the best single model's cost",
      (value) => {
        const share = Number(value);
        if (!(share > 0 && share <= 1))
          throw new InvalidArgumentError('expected a share between 0 and 1, e.g. 0.5.');
        return share;
      },
      0.5,
    )
    .option('--json', 'print the report as JSON')
    .action(async (options: BenchEnsembleOptions) => {
      const startedAt = Date.now();
      const report = await runEnsembleBenchmark({
        data: path.resolve(options.data),
        tasks: options.tasks
          .split(',')
          .map((task) => task.trim())
          .filter(Boolean),
        budgetShare: options.budget,
        onProgress: (message) =>
          process.stderr.write(
            `${paint('dim', `[${((Date.now() - startedAt) / 1000).toFixed(1)} s] ${message}`)}\n`,
          ),
      });
      if (options.json) printJson(report);
      else process.stdout.write(formatEnsembleReport(report));
      process.stderr.write(`${paint('dim', `done in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`)}\n`);
    });
}
