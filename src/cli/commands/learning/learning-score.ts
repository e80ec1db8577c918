import type { Command } from 'commander';
import { scoreRecentAnswers } from '../../../learning/quality/score-recent-answers.js';
import { formatUsd, paint, printJson } from '../../output.js';
import { parsePositiveInteger } from '../../parse-options.js';
import { withEngine } from '../../with-engine.js';
import { parseSince } from '../logs.js';

export function registerLearningScoreCommand(program: Command): void {
  program
    .command('learning-score')
    .description('Have the judge model (learning.judge.model) grade recent answers and collect the good ones')
    .option('--since <when>', 'answers newer than this: 30m, 2h, 7d or a date (default 7d)', '7d')
    .option('-n, --limit <n>', 'at most this many answers (default 100)', parsePositiveInteger, 100)
    .option('--json', 'print as JSON')
    .action(async (options: { since: string; limit: number; json?: boolean }, command: Command) => {
      await withEngine(command, async (engine) => {
        const summary = await scoreRecentAnswers(engine, {
          since: parseSince(options.since),
          limit: options.limit,
          onAnswer: (done, total) =>
            process.stderr.isTTY && process.stderr.write(`\r  judged ${done}/${total}`),
        });
        if (options.json) return printJson(summary);
        process.stdout.write(
          `\nJudged ${summary.judged} answers (${formatUsd(summary.costUsd)}); ${summary.collected} collected.\n`,
        );
        for (const failure of summary.failed)
          process.stdout.write(`  ${paint('red', 'failed')} ${failure.id}: ${failure.message}\n`);
      });
    });
}
