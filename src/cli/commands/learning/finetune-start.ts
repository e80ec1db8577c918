import path from 'node:path';
import type { Command } from 'commander';
import { conclaveHome } from '../../../config/conclave-home.js';
import { ConclaveError } from '../../../core/conclave-error.js';
import { formatExportSummary } from '../../../learning/export/export-dataset.js';
import { createFineTuneClient } from '../../../learning/finetune/create-finetune-client.js';
import {
  HOSTED_FINETUNE_PROVIDERS,
  type HostedFineTuneProvider,
} from '../../../learning/finetune/finetune-client.js';
import { writeLocalProject } from '../../../learning/finetune/local/local-project.js';
import { startFineTune } from '../../../learning/finetune/start-finetune.js';
import { parsePositiveInteger } from '../../parse-options.js';
import { withOfflineEngine } from '../../with-engine.js';
import { followFineTune } from './follow-finetune.js';
import { parseChoice, parseList, parseUnitInterval } from './parse-learning-options.js';

/** `finetune start`, also what a bare `conclave finetune --provider …` runs. */
export function registerFineTuneStartCommand(finetune: Command): void {
  finetune
    .command('start', { isDefault: true })
    .description('Export the data, upload it, start the job and follow it (the default)')
    .requiredOption(
      '--provider <provider>',
      'together, fireworks, openai or local',
      parseChoice([...HOSTED_FINETUNE_PROVIDERS, 'local'] as const),
    )
    .option(
      '--base <model>',
      "base model: the provider's id or a catalog id (local default learning.finetune.local.baseModel)",
    )
    .option(
      '--method <method>',
      'sft (examples) or dpo (preference pairs)',
      parseChoice(['sft', 'dpo'] as const),
      'sft',
    )
    .option('--name <id>', 'catalog id for the new model (default <base>-ft-<job>)')
    .option('--min-quality <q>', 'only examples with quality ≥ q', parseUnitInterval)
    .option('--task <classes>', 'only these task types, comma-separated', parseList)
    .option('--epochs <n>', 'training epochs', parsePositiveInteger)
    .option('--learning-rate <lr>', 'learning rate', Number)
    .option(
      '--min-examples <n>',
      'refuse with fewer examples (default learning.readyForFineTuning)',
      parsePositiveInteger,
    )
    .option('--no-wait', 'return after the job is created (follow it with `finetune status --watch`)')
    .option('-o, --output <dir>', 'local: where to write the training project')
    .option(
      '--trainer <trainer>',
      'local: trl or unsloth (default learning.finetune.local.trainer)',
      parseChoice(['trl', 'unsloth'] as const),
    )
    .action(async (options: Record<string, unknown>, command: Command) => {
      await withOfflineEngine(command, async (engine) => {
        const common = {
          method: options.method as 'sft' | 'dpo',
          minQuality: options.minQuality as number | undefined,
          tasks: options.task as string[] | undefined,
          epochs: options.epochs as number | undefined,
          learningRate: options.learningRate as number | undefined,
          minExamples: options.minExamples as number | undefined,
          name: options.name as string | undefined,
        };
        if (options.provider === 'local') {
          const project = writeLocalProject(engine.database, engine.config.learning, {
            ...common,
            directory: path.resolve(
              (options.output as string | undefined) ?? `conclave-finetune-${Date.now()}`,
            ),
            baseModel: options.base as string | undefined,
            trainer: options.trainer as 'trl' | 'unsloth' | undefined,
          });
          process.stdout.write(
            `🎓 Training project for ${project.name} written to ${project.directory} (job ${project.id})\n${formatExportSummary(project.dataset)}\n`,
          );
          process.stdout.write(
            `Files: ${project.files.join(', ')}\nNext: cd ${project.directory} && pip install -r requirements.txt && python train.py (see README.md)\n`,
          );
          return;
        }
        if (!options.base)
          throw new ConclaveError('bad-request', '--base is required for hosted fine-tuning.', {
            hint: 'Example: --base meta-llama/Meta-Llama-3.1-8B-Instruct-Reference (Together) or gpt-4o-mini-2024-07-18 (OpenAI).',
          });
        const provider = options.provider as HostedFineTuneProvider;
        const client = createFineTuneClient(provider, {
          learning: engine.config.learning,
          providers: engine.providers,
        });
        process.stdout.write(
          `🎓 Fine-tuning ${options.base} with ${provider}\n📤 Uploading training data...\n`,
        );
        const { job, dataset } = await startFineTune(engine, client, {
          ...common,
          baseModel: String(options.base),
          directory: path.join(conclaveHome(), 'finetune'),
        });
        process.stdout.write(
          `${formatExportSummary(dataset)}\n🚀 Job created: ${job.id} (${provider} ${job.providerJobId}), status ${job.providerStatus}\n`,
        );
        if (options.wait === false) {
          process.stdout.write(
            `Follow it: conclave finetune status ${job.id} --watch · cancel: conclave finetune cancel ${job.id}\n`,
          );
          return;
        }
        await followFineTune(engine, provider, job.id);
      });
    });
}
