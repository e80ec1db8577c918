import type { Command } from 'commander';
import { registerEvalImportCommand } from './eval/import.js';
import { registerEvalReportCommand } from './eval/report.js';
import { registerEvalRunCommand } from './eval/run.js';
import { registerEvalRunsCommand } from './eval/runs.js';
import { registerEvalValidateCommand } from './eval/validate.js';

/** Registers `eval` (validate, run, report, import, runs): the evaluation battery. */
export function registerEvalCommands(program: Command): void {
  const evaluation = program
    .command('eval')
    .description('Evaluation battery: measure models per task type and turn the evidence into routing rules');
  // Registration order is the order `conclave eval --help` lists them in.
  registerEvalValidateCommand(evaluation);
  registerEvalRunCommand(evaluation);
  registerEvalReportCommand(evaluation);
  registerEvalImportCommand(evaluation);
  registerEvalRunsCommand(evaluation);
}
