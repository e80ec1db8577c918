import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { conclaveHome } from '../../config/conclave-home.js';
import { loadConfig } from '../../config/load-config.js';
import { ConclaveError } from '../../core/conclave-error.js';
import { isTaskClass, TASK_CLASSES } from '../../core/task-class.js';
import {
  classifyWithModel,
  type LabelledPrompt,
  saveTaskClassifier,
  trainTaskClassifier,
} from '../../routing/classify/learned-classifier.js';
import { saveRouterModel, trainRouterModel } from '../../routing/learned/index.js';
import { loadOutcomeDataset, splitOutcomeDataset, toTrainingExamples } from '../../routing/offline/index.js';
import { paint } from '../output.js';

/** `conclave router …`: train the router's learned parts from data. */
export function registerRouterCommands(program: Command): Command {
  const router = program.command('router').description('Train the learned parts of the router');
  router
    .command('train-classifier')
    .description(
      'Train the task classifier from labelled prompts (JSONL lines: {"prompt": "…", "taskClass": "code"})',
    )
    .requiredOption('-d, --data <file>', 'labelled prompts, one JSON object per line')
    .option(
      '--out <file>',
      'where to write the classifier (default: routing.classifierFile or ~/.conclave/task-classifier.json)',
    )
    .action((options: { data: string; out?: string }, command: Command) => {
      const { config } = loadConfig({ file: command.optsWithGlobals<{ config?: string }>().config });
      const examples = readLabelledPrompts(options.data);
      // Hold out every 10th example to report an honest accuracy; the saved model uses all of them.
      const heldOut = examples.filter((_, index) => index % 10 === 9);
      const training = examples.filter((_, index) => index % 10 !== 9);
      const probe = trainTaskClassifier(training.length > 0 ? training : examples);
      const correct = heldOut.filter(
        (example) => classifyWithModel(probe, example.prompt)?.taskClass === example.taskClass,
      ).length;
      const model = trainTaskClassifier(examples);
      const out =
        options.out ?? config.routing.classifierFile ?? path.join(conclaveHome(), 'task-classifier.json');
      mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
      saveTaskClassifier(out, model);
      const distribution = Object.entries(countBy(examples))
        .map(([taskClass, count]) => `${taskClass} ${count}`)
        .join(', ');
      process.stdout.write(
        `${paint('green', 'Trained')} the task classifier on ${examples.length} prompts (${distribution}).\n`,
      );
      if (heldOut.length > 0) {
        process.stdout.write(
          `Held-out accuracy: ${((correct / heldOut.length) * 100).toFixed(1)}% (${correct}/${heldOut.length}, every 10th prompt).\n`,
        );
      }
      process.stdout.write(
        `Written to ${out}; the router uses it from the next request (set routing.classifierFile to move it).\n`,
      );
    });
  router
    .command('train')
    .description(
      "Train the per-query learned router from outcome data (jsonl lines: prompt + each model's outcome and cost)",
    )
    .requiredOption(
      '-d, --data <file>',
      'per-query outcome data (format of ../shared/data/routing/README.md)',
    )
    .option(
      '--out <file>',
      'where to write the router model (default: routing.routerModelFile or ~/.conclave/router-model.json)',
    )
    .option('--all', 'train on every row, not only the train split')
    .action(async (options: { data: string; out?: string; all?: boolean }, command: Command) => {
      const { config } = loadConfig({ file: command.optsWithGlobals<{ config?: string }>().config });
      const split = splitOutcomeDataset(await loadOutcomeDataset(options.data));
      const rows = options.all ? [...split.train, ...split.test] : split.train;
      const model = trainRouterModel({
        examples: toTrainingExamples(rows, split.models, split.description.hasCosts),
      });
      const out =
        options.out ?? config.routing.routerModelFile ?? path.join(conclaveHome(), 'router-model.json');
      mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
      await saveRouterModel(out, model);
      const profiles = (await import('../../catalog/builtin-catalog.js')).BUILTIN_CATALOG;
      const mapped = split.models.map((name) => {
        const entry = profiles.find((candidate) =>
          [candidate.id, ...(candidate.aliases ?? [])].some(
            (alias) => alias.toLowerCase() === name.toLowerCase(),
          ),
        );
        return entry
          ? `${name} → ${entry.id}`
          : `${name} (no catalog model: add an alias in config to route to it)`;
      });
      process.stdout.write(
        `${paint('green', 'Trained')} the learned router on ${rows.length} prompts × ${split.models.length} models (${options.all ? 'all rows' : 'train split'}).\n`,
      );
      process.stdout.write(`Models:\n  ${mapped.join('\n  ')}\n`);
      process.stdout.write(
        `Written to ${out}; the router predicts per-query success for the mapped catalog models from the next request.\n`,
      );
    });
  return router;
}

function readLabelledPrompts(file: string): LabelledPrompt[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConclaveError('bad-request', `Cannot read ${file}: ${(error as Error).message}.`);
  }
  const examples: LabelledPrompt[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new ConclaveError('bad-request', `${file}:${index + 1}: not valid JSON.`, {
        hint: 'Each line must be {"prompt": "…", "taskClass": "code"}.',
      });
    }
    const record = value as { prompt?: unknown; taskClass?: unknown; label?: unknown };
    const taskClass = record.taskClass ?? record.label;
    if (typeof record.prompt !== 'string' || record.prompt.trim() === '') {
      throw new ConclaveError('bad-request', `${file}:${index + 1}: "prompt" must be a non-empty string.`);
    }
    if (typeof taskClass !== 'string' || !isTaskClass(taskClass)) {
      throw new ConclaveError(
        'bad-request',
        `${file}:${index + 1}: "taskClass" must be one of ${TASK_CLASSES.join(', ')}; found ${JSON.stringify(taskClass)}.`,
      );
    }
    examples.push({ prompt: record.prompt, taskClass });
  });
  if (examples.length < 2)
    throw new ConclaveError(
      'bad-request',
      `${file}: need at least 2 labelled prompts, found ${examples.length}.`,
    );
  return examples;
}

function countBy(examples: LabelledPrompt[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const example of examples) counts[example.taskClass] = (counts[example.taskClass] ?? 0) + 1;
  return counts;
}
