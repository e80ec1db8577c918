import path from 'node:path';
import type { Command } from 'commander';
import { progressLine } from '../../../learning/distill/progress-line.js';
import { readTasksFile } from '../../../learning/distill/read-tasks.js';
import { resolveTeacher } from '../../../learning/distill/resolve-teacher.js';
import { runDistillation } from '../../../learning/distill/run-distillation.js';
import { formatUsd, printJson } from '../../output.js';
import { parsePositiveInteger } from '../../parse-options.js';
import { withOfflineEngine } from '../../with-engine.js';
import { parseChoice, parseList } from './parse-learning-options.js';
import { stopOnInterrupt } from './stop-on-interrupt.js';

export function registerDistillCommand(program: Command): void {
  program
    .command('distill')
    .description(
      'Run every task through an ensemble/council (the teacher) and store the answers as training data; resumable',
    )
    .requiredOption(
      '-t, --tasks <file>',
      'tasks: one prompt per line, or JSON lines {"prompt", "system", "task_type"}',
    )
    .option(
      '-s, --strategy <strategy>',
      'ensemble, council or single (default learning.distill.strategy)',
      parseChoice(['ensemble', 'council', 'single'] as const),
    )
    .option(
      '-p, --preset <name>',
      'the ensemble/council preset (default learning.distill.ensemble / .council)',
    )
    .option(
      '-m, --models <ids>',
      'member models (ensemble/council), or the one teacher model (single)',
      parseList,
    )
    .option('--name <job>', 'job name to resume under (default: tasks file + teacher)')
    .option('--max-tokens <n>', 'maximum output tokens per answer', parsePositiveInteger)
    .option('--allow-external', 'consent to sending the tasks to cloud providers')
    .option('--json', 'print the final summary as JSON')
    .action(async (options: Record<string, unknown>, command: Command) => {
      const tasksFile = String(options.tasks);
      const tasks = readTasksFile(tasksFile);
      await withOfflineEngine(command, async (engine) => {
        const settings = engine.config.learning.distill;
        const { strategy, model, members, name } = resolveTeacher(settings, {
          tasksFile,
          strategy: options.strategy as string | undefined,
          preset: options.preset as string | undefined,
          models: options.models as string[] | undefined,
          name: options.name as string | undefined,
        });
        const startedAt = Date.now();
        const interrupt = stopOnInterrupt(
          'Stopping after the current task (Ctrl-C again to quit now; run the same command to resume).',
        );
        const tty = process.stderr.isTTY === true;
        try {
          const result = await runDistillation(engine, {
            name,
            model,
            strategy,
            members,
            tasks,
            tasksFile: path.resolve(tasksFile),
            consent: options.allowExternal === true,
            maxOutputTokens: (options.maxTokens as number | undefined) ?? settings.maxOutputTokens,
            shouldStop: interrupt.stopped,
            onProgress: (progress) => {
              if (progress.done + progress.failed === progress.skipped && progress.resumed && !progress.last)
                process.stderr.write(
                  `Resuming "${name}": ${progress.skipped} of ${progress.total} tasks already done (${formatUsd(progress.costUsd)} spent).\n`,
                );
              const line = progressLine(progress, startedAt);
              if (tty) process.stderr.write(`\r\u001b[2K${line}`);
              else if (progress.last)
                process.stderr.write(
                  `${line}${progress.last.ok ? '' : ` — failed: ${progress.last.message}`}\n`,
                );
            },
          });
          if (tty) process.stderr.write('\n');
          if (options.json) return printJson(result);
          const remaining = result.total - result.done;
          process.stdout.write(
            `Distilled ${result.done}/${result.total} tasks from ${model}: ${result.collected} training examples, ${formatUsd(result.costUsd)} in total.\n`,
          );
          if (remaining > 0)
            process.stdout.write(
              `${remaining} task${remaining === 1 ? '' : 's'} left: run the same command to resume (answered tasks are not sent again).\n`,
            );
        } finally {
          interrupt.dispose();
        }
      });
    });
}
