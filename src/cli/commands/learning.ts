import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { conclaveHome } from '../../config/conclave-home.js';
import {
  EXPERIMENT_METRICS,
  EXPORT_FORMATS,
  type ExperimentMetric,
  type ExportFormat,
} from '../../config/sections/learning.js';
import { ConclaveError } from '../../core/conclave-error.js';
import type { Engine } from '../../engine.js';
import { progressLine } from '../../learning/distill/progress-line.js';
import { readTasksFile } from '../../learning/distill/read-tasks.js';
import { resolveTeacher } from '../../learning/distill/resolve-teacher.js';
import { runDistillation } from '../../learning/distill/run-distillation.js';
import { promoteExperiment, stopExperiment } from '../../learning/experiments/conclude-experiment.js';
import { defineExperiment } from '../../learning/experiments/define-experiment.js';
import { experimentReport, formatExperimentReport } from '../../learning/experiments/experiment-report.js';
import { createExperimentStore } from '../../learning/experiments/experiment-store.js';
import { DATASET_FORMATS } from '../../learning/export/dataset-formats.js';
import { exportDataset, formatExportSummary } from '../../learning/export/export-dataset.js';
import { feedbackInputSchema, normalizeFeedback } from '../../learning/feedback/feedback-input.js';
import { submitFeedback } from '../../learning/feedback/submit-feedback.js';
import { createFineTuneClient } from '../../learning/finetune/create-finetune-client.js';
import { describeJob } from '../../learning/finetune/describe-job.js';
import {
  HOSTED_FINETUNE_PROVIDERS,
  type HostedFineTuneProvider,
} from '../../learning/finetune/finetune-client.js';
import { createFineTuneStore } from '../../learning/finetune/finetune-store.js';
import { writeLocalProject } from '../../learning/finetune/local/local-project.js';
import { startFineTune } from '../../learning/finetune/start-finetune.js';
import { cancelFineTune, watchFineTune } from '../../learning/finetune/watch-finetune.js';
import { scoreRecentAnswers } from '../../learning/quality/score-recent-answers.js';
import { formatLearningStats, learningStats } from '../../learning/stats/learning-stats.js';
import { engineFromOptions } from '../engine-from-options.js';
import { formatUsd, paint, printJson, table } from '../output.js';
import { parsePositiveInteger } from '../parse-options.js';
import { parseSince } from './logs.js';

const choice =
  <T extends string>(values: readonly T[]) =>
  (value: string): T => {
    if ((values as readonly string[]).includes(value)) return value as T;
    throw new InvalidArgumentError(`expected one of ${values.join(', ')}.`);
  };
const unit = (value: string): number => {
  const parsed = Number(value);
  if (Number.isFinite(parsed) && parsed >= 0 && parsed <= 1) return parsed;
  throw new InvalidArgumentError('expected a number from 0 to 1.');
};
const list = (value: string): string[] =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
const numbers = (value: string): number[] => list(value).map(Number);

/** Runs `work` with an engine built from the global options, always closing it. */
async function withEngine<T>(
  command: Command,
  work: (engine: Engine) => Promise<T> | T,
  discover = false,
): Promise<T> {
  const engine = await engineFromOptions(command.optsWithGlobals(), { discover });
  try {
    return await work(engine);
  } finally {
    await engine.close();
  }
}

/** Ctrl-C once: finish the current step and stop cleanly; twice: quit now. */
function stopOnInterrupt(message: string): { stopped: () => boolean; dispose: () => void } {
  let stop = false;
  const handler = () => {
    if (stop) process.exit(130);
    stop = true;
    process.stderr.write(`\n${paint('yellow', message)}\n`);
  };
  process.on('SIGINT', handler);
  return { stopped: () => stop, dispose: () => process.off('SIGINT', handler) };
}

/** Registers the learning-loop commands: feedback, stats, scoring, export, distill, finetune, experiments. */
export function registerLearningCommands(program: Command): void {
  registerFeedback(program);
  registerStatsAndExport(program);
  registerDistill(program);
  registerFineTune(program);
  registerExperiments(program);
}

function registerFeedback(program: Command): void {
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
    .option('--score <0..1>', 'a score from 0 to 1', unit)
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
        await withEngine(command, (engine) => {
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

function registerStatsAndExport(program: Command): void {
  program
    .command('learning-stats')
    .description('What the learning loop has collected: examples, quality, feedback, task distribution')
    .option('--json', 'print as JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      await withEngine(command, (engine) => {
        const stats = learningStats(engine.database, engine.config.learning);
        if (options.json) printJson(stats);
        else process.stdout.write(`${formatLearningStats(stats)}\n`);
      });
    });
  program
    .command('learning-score')
    .description('Have the judge model (learning.judge.model) grade recent answers and collect the good ones')
    .option('--since <when>', 'answers newer than this: 30m, 2h, 7d or a date (default 7d)', '7d')
    .option('-n, --limit <n>', 'at most this many answers (default 100)', parsePositiveInteger, 100)
    .option('--json', 'print as JSON')
    .action(async (options: { since: string; limit: number; json?: boolean }, command: Command) => {
      await withEngine(
        command,
        async (engine) => {
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
        },
        true,
      );
    });
  program
    .command('export')
    .description('Write training data as JSONL: deduplicated, secrets scrubbed, split, every line validated')
    .option('-f, --format <format>', `one of ${EXPORT_FORMATS.join(', ')}`, choice(EXPORT_FORMATS))
    .option(
      '-o, --output <file>',
      'the training file; validation goes to <name>.validation.jsonl (default conclave-<format>.jsonl)',
    )
    .option('--min-quality <q>', 'only examples with quality ≥ q (default: the collection threshold)', unit)
    .option('--task <classes>', 'only these task types, comma-separated', list)
    .option(
      '--validation <fraction>',
      'share for the validation file, 0–0.5 (default learning.export.validationFraction)',
      unit,
    )
    .option('--seed <text>', 'split seed (same seed → same split)')
    .option('--no-dedup', 'keep duplicate prompt+answer pairs')
    .option('-n, --limit <n>', 'at most n records (best first)', parsePositiveInteger)
    .option('--list-formats', 'describe the formats and exit')
    .option('--json', 'print the summary as JSON')
    .action(async (options: Record<string, unknown>, command: Command) => {
      if (options.listFormats) {
        const rows = Object.values(DATASET_FORMATS).map((format) => [
          format.id,
          format.source,
          format.description,
        ]);
        process.stdout.write(`${table(['FORMAT', 'FROM', 'WHAT'], rows)}\n`);
        return;
      }
      await withEngine(command, (engine) => {
        const format = (options.format as ExportFormat | undefined) ?? engine.config.learning.export.format;
        if (typeof options.validation === 'number' && options.validation > 0.5)
          throw new ConclaveError('bad-request', '--validation must be at most 0.5.');
        const summary = exportDataset(engine.database, engine.config.learning, {
          format,
          output: (options.output as string | undefined) ?? `conclave-${format}.jsonl`,
          minQuality: options.minQuality as number | undefined,
          tasks: options.task as string[] | undefined,
          validationFraction: options.validation as number | undefined,
          seed: options.seed as string | undefined,
          dedup: options.dedup as boolean,
          limit: options.limit as number | undefined,
        });
        if (options.json) printJson(summary);
        else process.stdout.write(`${formatExportSummary(summary)}\n`);
      });
    });
}

function registerDistill(program: Command): void {
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
      choice(['ensemble', 'council', 'single'] as const),
    )
    .option(
      '-p, --preset <name>',
      'the ensemble/council preset (default learning.distill.ensemble / .council)',
    )
    .option('-m, --models <ids>', 'member models (ensemble/council), or the one teacher model (single)', list)
    .option('--name <job>', 'job name to resume under (default: tasks file + teacher)')
    .option('--max-tokens <n>', 'maximum output tokens per answer', parsePositiveInteger)
    .option('--allow-external', 'consent to sending the tasks to cloud providers')
    .option('--json', 'print the final summary as JSON')
    .action(async (options: Record<string, unknown>, command: Command) => {
      const tasksFile = String(options.tasks);
      const tasks = readTasksFile(tasksFile);
      await withEngine(command, async (engine) => {
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

function registerFineTune(program: Command): void {
  const finetune = program
    .command('finetune')
    .description(
      'Fine-tune a model on the collected data (Together, Fireworks, OpenAI, or a local TRL/Unsloth project)',
    );
  finetune
    .command('start', { isDefault: true })
    .description('Export the data, upload it, start the job and follow it (the default)')
    .requiredOption(
      '--provider <provider>',
      'together, fireworks, openai or local',
      choice([...HOSTED_FINETUNE_PROVIDERS, 'local'] as const),
    )
    .option(
      '--base <model>',
      "base model: the provider's id or a catalog id (local default learning.finetune.local.baseModel)",
    )
    .option(
      '--method <method>',
      'sft (examples) or dpo (preference pairs)',
      choice(['sft', 'dpo'] as const),
      'sft',
    )
    .option('--name <id>', 'catalog id for the new model (default <base>-ft-<job>)')
    .option('--min-quality <q>', 'only examples with quality ≥ q', unit)
    .option('--task <classes>', 'only these task types, comma-separated', list)
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
      choice(['trl', 'unsloth'] as const),
    )
    .action(async (options: Record<string, unknown>, command: Command) => {
      await withEngine(command, async (engine) => {
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
        await follow(engine, provider, job.id);
      });
    });
  finetune
    .command('status')
    .description('Show a job (and follow it with --watch)')
    .argument('<job>', 'Conclave or provider job id (or a unique prefix)')
    .option('--watch', 'poll until it ends; register the model when it succeeds')
    .option('--json', 'print as JSON')
    .action(async (reference: string, options: { watch?: boolean; json?: boolean }, command: Command) => {
      await withEngine(command, async (engine) => {
        const job = createFineTuneStore(engine.database).get(reference);
        if (options.watch && job.provider !== 'local')
          return follow(engine, job.provider as HostedFineTuneProvider, job.id);
        if (options.json) return printJson(job);
        process.stdout.write(`${describeJob(job)}\n`);
      });
    });
  finetune
    .command('cancel')
    .description('Cancel a running job')
    .argument('<job>', 'Conclave or provider job id (or a unique prefix)')
    .action(async (reference: string, _options: unknown, command: Command) => {
      await withEngine(command, async (engine) => {
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
      await withEngine(command, (engine) => {
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

async function follow(engine: Engine, provider: HostedFineTuneProvider, jobId: string): Promise<void> {
  const client = createFineTuneClient(provider, {
    learning: engine.config.learning,
    providers: engine.providers,
  });
  const interrupt = stopOnInterrupt('Stopped watching; the job keeps running at the provider.');
  try {
    const job = await watchFineTune(engine, client, jobId, {
      intervalMs: engine.config.learning.finetune.pollIntervalMs,
      shouldStop: interrupt.stopped,
      onStatus: (snapshot) =>
        process.stdout.write(
          `⏳ ${snapshot.providerStatus}${snapshot.progress === undefined ? '' : ` (${snapshot.progress}%)`}\n`,
        ),
      onEvent: (event) =>
        process.stdout.write(
          `   ${new Date(event.createdAt).toISOString().slice(11, 19)} ${event.level === 'info' ? '' : `${event.level}: `}${event.message}\n`,
        ),
    });
    process.stdout.write(`${describeJob(job)}\n`);
    if (job.status === 'failed') process.exitCode = 5;
  } finally {
    interrupt.dispose();
  }
}

function registerExperiments(program: Command): void {
  const experiment = program
    .command('experiment')
    .description(
      'A/B experiments between models: sticky per session, static or adaptive (Thompson) allocation',
    );
  experiment
    .command('create')
    .description('Start an experiment (canonical: a fine-tuned model against the current one)')
    .argument('<name>', 'experiment name')
    .requiredOption('--arms <models>', 'comma-separated model ids (2 or more)', list)
    .option('--weights <numbers>', 'static allocation: share per arm, e.g. 90,10', numbers)
    .option('--allocation <kind>', 'static or thompson', choice(['static', 'thompson'] as const), 'static')
    .option(
      '--metric <metric>',
      `what decides the winner: ${EXPERIMENT_METRICS.join(', ')}`,
      choice(EXPERIMENT_METRICS),
      'feedback',
    )
    .option('--match-model <ids>', 'cover requests for these models (auto = routed requests)', list, [])
    .option('--match-task <classes>', 'cover requests of these task classes', list, [])
    .option('--traffic <share>', 'share of matching sessions in the experiment (default 1)', unit, 1)
    .action(async (name: string, options: Record<string, unknown>, command: Command) => {
      await withEngine(command, (engine) => {
        const created = defineExperiment(engine.database, engine.profile, {
          name,
          arms: options.arms as string[],
          weights: options.weights as number[] | undefined,
          allocation: options.allocation as 'static' | 'thompson',
          metric: options.metric as ExperimentMetric,
          matchModels: options.matchModel as string[],
          matchTasks: options.matchTask as string[],
          traffic: options.traffic as number,
        });
        process.stdout.write(
          `🧪 Experiment "${created.name}" running: ${created.arms.map((arm) => arm.model).join(' vs ')} (${created.allocation}, metric ${created.metric}).\n`,
        );
      });
    });
  experiment
    .command('status')
    .description('Per-arm metrics with 95% intervals and the probability each arm is best')
    .argument('[name]', 'experiment (default: all)')
    .option('--json', 'print as JSON')
    .action(async (name: string | undefined, options: { json?: boolean }, command: Command) => {
      await withEngine(command, (engine) => {
        const store = createExperimentStore(engine.database);
        const experiments = name ? [store.get(name)] : store.list();
        if (experiments.length === 0)
          return void process.stdout.write(
            'No experiments yet: conclave experiment create <name> --arms a,b --match-model b\n',
          );
        engine.requestLog.flush();
        const reports = experiments.map((entry) =>
          experimentReport(engine.database, entry, {
            minSamples: engine.config.learning.experiments.minSamples,
          }),
        );
        if (options.json) return printJson(reports);
        process.stdout.write(`${reports.map(formatExperimentReport).join('\n\n')}\n`);
      });
    });
  experiment
    .command('promote')
    .description('End the experiment: the winner (or --arm) serves all matching traffic')
    .argument('<name>', 'experiment')
    .option('--arm <model>', 'the arm to promote (default: the arm most likely best)')
    .action(async (name: string, options: { arm?: string }, command: Command) => {
      await withEngine(command, (engine) => {
        const {
          experiment: found,
          winner,
          conclusive,
        } = promoteExperiment(engine.database, name, {
          arm: options.arm,
          minSamples: engine.config.learning.experiments.minSamples,
        });
        process.stdout.write(
          `🏆 ${winner} now serves all traffic ${found.name} covered.${conclusive ? '' : ' (Note: the evidence was not yet conclusive.)'}\n`,
        );
        process.stdout.write(
          `To make it permanent, route there in conclave.yaml (e.g. defaults/fallbacks), then: conclave experiment stop ${found.name}\n`,
        );
      });
    });
  experiment
    .command('stop')
    .description('Stop an experiment: requests are routed as if it never existed')
    .argument('<name>', 'experiment')
    .action(async (name: string, _options: unknown, command: Command) => {
      await withEngine(command, (engine) => {
        process.stdout.write(`Stopped ${stopExperiment(engine.database, name).name}.\n`);
      });
    });
}
