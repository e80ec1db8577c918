import type { Command } from 'commander';
import { createEvaluationStore } from '../../../learning/evaluation/runner/evaluation-store.js';
import { formatUsd, printJson, table } from '../../output.js';
import { withEngine } from '../../with-engine.js';

export function registerEvalRunsCommand(evaluation: Command): void {
  evaluation
    .command('runs')
    .description('List evaluation runs and imports')
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      await withEngine(command, (engine) => {
        const store = createEvaluationStore(engine.database);
        const runs = store.listRuns();
        if (options.json) return printJson(runs.map((run) => ({ ...run, spentUsd: store.spentUsd(run.id) })));
        if (runs.length === 0) return void process.stdout.write('No evaluation runs yet.\n');
        process.stdout.write(
          `${table(
            ['id', 'kind', 'what', 'status', 'models', 'spent', 'updated'],
            runs.map((run) => [
              run.id,
              run.kind,
              run.label,
              run.status,
              String(run.models.length),
              formatUsd(store.spentUsd(run.id)),
              new Date(run.updatedAt).toISOString().slice(0, 16).replace('T', ' '),
            ]),
          )}\n`,
        );
      });
    });
}
