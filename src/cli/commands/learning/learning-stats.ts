import type { Command } from 'commander';
import { formatLearningStats, learningStats } from '../../../learning/stats/learning-stats.js';
import { printJson } from '../../output.js';
import { withOfflineEngine } from '../../with-engine.js';

export function registerLearningStatsCommand(program: Command): void {
  program
    .command('learning-stats')
    .description('What the learning loop has collected: examples, quality, feedback, task distribution')
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      await withOfflineEngine(command, (engine) => {
        const stats = learningStats(engine.database, engine.config.learning);
        if (options.json) printJson(stats);
        else process.stdout.write(`${formatLearningStats(stats)}\n`);
      });
    });
}
