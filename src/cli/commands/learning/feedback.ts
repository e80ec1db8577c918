import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { ConclaveError } from '../../../core/conclave-error.js';
import { feedbackInputSchema, normalizeFeedback } from '../../../learning/feedback/feedback-input.js';
import { submitFeedback } from '../../../learning/feedback/submit-feedback.js';
import { paint, printJson } from '../../output.js';
import { parsePositiveInteger } from '../../parse-options.js';
import { withOfflineEngine } from '../../with-engine.js';
import { parseUnitInterval } from './parse-learning-options.js';

export function registerFeedbackCommand(program: Command): void {
  program
    .command('feedback')
    .description(
      'Rate a recorded answer (request or council/ensemble/pipeline run): thumbs, score, comment, demonstration',
    )
    .argument(
      '<id>',
      'the request or run id (chat completion `id`, x-conclave-request-id, `conclave logs --json`)',
    )
    .option('--up', 'thumbs up')
    .option('--down', 'thumbs down')
    .option('--score <0..1>', 'a score from 0 to 1', parseUnitInterval)
    .option('--rating <1..5>', 'a 1–5 star rating', parsePositiveInteger)
    .option('--comment <text>', 'a comment')
    .option('--demonstration <text>', 'the ideal answer (becomes a training example)')
    .option('--demonstration-file <file>', 'read the ideal answer from a file')
    .option('--json', 'print as JSON')
    .action(
      async (
        id: string,
        options: Record<string, string | number | boolean | undefined>,
        command: Command,
      ) => {
        if (options.up && options.down)
          throw new ConclaveError('bad-request', 'Choose --up or --down, not both.');
        const demonstration =
          typeof options.demonstrationFile === 'string'
            ? readFileSync(options.demonstrationFile, 'utf8')
            : options.demonstration;
        const parsed = feedbackInputSchema.safeParse({
          id,
          thumbs: options.up ? true : options.down ? false : undefined,
          score: options.score,
          rating: options.rating,
          comment: options.comment,
          demonstration,
        });
        if (!parsed.success)
          throw new ConclaveError(
            'bad-request',
            `Feedback: ${parsed.error.issues[0]?.message ?? 'invalid'}.`,
            {
              hint: 'Example: conclave feedback chatcmpl-abc123 --up --comment "exactly right"',
            },
          );
        await withOfflineEngine(command, (engine) => {
          const result = submitFeedback(engine, normalizeFeedback(parsed.data));
          if (options.json) return printJson(result);
          process.stdout.write(
            `${paint('green', '✓')} Feedback stored on ${result.target.kind} ${result.target.id}: quality ${result.quality.toFixed(2)} (${result.evidence})${result.collected ? ', collected as a training example' : ', not collected'}\n`,
          );
          if (result.demonstration?.exampleId)
            process.stdout.write(`  demonstration → training example ${result.demonstration.exampleId}\n`);
          if (result.demonstration?.preferencePairId)
            process.stdout.write(
              `  preference pair ${result.demonstration.preferencePairId} (demonstration over the original answer)\n`,
            );
          if (result.demonstration?.note) process.stdout.write(`  ${result.demonstration.note}\n`);
        });
      },
    );
}
