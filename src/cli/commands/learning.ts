import type { Command } from 'commander';
import { registerDistillCommand } from './learning/distill.js';
import { registerExperimentCommands } from './learning/experiment.js';
import { registerExportCommand } from './learning/export.js';
import { registerFeedbackCommand } from './learning/feedback.js';
import { registerFineTuneCommands } from './learning/finetune.js';
import { registerLearningScoreCommand } from './learning/learning-score.js';
import { registerLearningStatsCommand } from './learning/learning-stats.js';

/** Registers the learning-loop commands: feedback, stats, scoring, export, distill, finetune, experiments. */
export function registerLearningCommands(program: Command): void {
  // Registration order is the order `conclave --help` lists them in.
  registerFeedbackCommand(program);
  registerLearningStatsCommand(program);
  registerLearningScoreCommand(program);
  registerExportCommand(program);
  registerDistillCommand(program);
  registerFineTuneCommands(program);
  registerExperimentCommands(program);
}
