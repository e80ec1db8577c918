import type { Command } from 'commander';
import { ConclaveError } from '../../../core/conclave-error.js';
import { createFineTuneClient } from '../../../learning/finetune/create-finetune-client.js';
import { describeJob } from '../../../learning/finetune/describe-job.js';
import type { HostedFineTuneProvider } from '../../../learning/finetune/finetune-client.js';
import { createFineTuneStore } from '../../../learning/finetune/finetune-store.js';
import { cancelFineTune } from '../../../learning/finetune/watch-finetune.js';
import { printJson, table } from '../../output.js';
import { withOfflineEngine } from '../../with-engine.js';
import { registerFineTuneStartCommand } from './finetune-start.js';
import { followFineTune } from './follow-finetune.js';

/** `finetune` with start (the default), status, cancel and list. */
export function registerFineTuneCommands(program: Command): void {
  const finetune = program
    .command('finetune')
    .description(
      'Fine-tune a model on the collected data (Together, Fireworks, OpenAI, or a local TRL/Unsloth project)',
    );
  registerFineTuneStartCommand(finetune);
  finetune
    .command('status')
    .description('Show a job (and follow it with --watch)')
    .argument('<job>', 'Conclave or provider job id (or a unique prefix)')
    .option('--watch', 'poll until it ends; register the model when it succeeds')
    .option('--json', 'print as JSON')
    .action(async (reference: string, options: { watch?: boolean; json?: boolean }, command: Command) => {
      await withOfflineEngine(command, async (engine) => {
        const job = createFineTuneStore(engine.database).get(reference);
        if (options.watch && job.provider !== 'local')
          return followFineTune(engine, job.provider as HostedFineTuneProvider, job.id);
        if (options.json) return printJson(job);
        process.stdout.write(`${describeJob(job)}\n`);
      });
    });
  finetune
    .command('cancel')
    .description('Cancel a running job')
    .argument('<job>', 'Conclave or provider job id (or a unique prefix)')
    .action(async (reference: string, _options: unknown, command: Command) => {
      await withOfflineEngine(command, async (engine) => {
        const job = createFineTuneStore(engine.database).get(reference);
        if (job.provider === 'local')
          throw new ConclaveError('bad-request', 'Local jobs run on your machine; stop train.py there.');
        const client = createFineTuneClient(job.provider as HostedFineTuneProvider, {
          learning: engine.config.learning,
          providers: engine.providers,
        });
        const updated = await cancelFineTune(engine, client, job.id);
        process.stdout.write(
          `Cancel requested: ${updated.id} is now ${updated.providerStatus ?? updated.status}.\n`,
        );
      });
    });
  finetune
    .command('list')
    .description('Fine-tune jobs, newest first')
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      await withOfflineEngine(command, (engine) => {
        const jobs = createFineTuneStore(engine.database).list();
        if (options.json) return printJson(jobs);
        if (jobs.length === 0)
          return void process.stdout.write(
            'No fine-tune jobs yet: conclave finetune --provider together|fireworks|openai|local …\n',
          );
        const rows = jobs.map((job) => [
          job.id,
          job.provider,
          job.baseModel,
          job.status,
          String(job.exampleCount),
          job.fineTunedModel ? job.modelName : '—',
        ]);
        process.stdout.write(`${table(['JOB', 'PROVIDER', 'BASE', 'STATUS', 'EXAMPLES', 'MODEL'], rows)}\n`);
      });
    });
}
