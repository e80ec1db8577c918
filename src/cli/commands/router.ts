import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { findModel } from '../../catalog/find-model.js';
import { conclaveHome } from '../../config/conclave-home.js';
import { loadConfig } from '../../config/load-config.js';
import { ConclaveError } from '../../core/conclave-error.js';
import { isTaskClass, TASK_CLASSES } from '../../core/task-class.js';
import type { Engine } from '../../engine.js';
import { routerExamplesFromGraded } from '../../learning/evaluation/router-training-examples.js';
import { createEvaluationStore } from '../../learning/evaluation/runner/evaluation-store.js';
import {
  classifyWithModel,
  type LabelledPrompt,
  saveTaskClassifier,
  trainTaskClassifier,
} from '../../routing/classify/learned-classifier.js';
import {
  type RouterTrainingExample,
  saveRouterModel,
  trainRouterModel,
} from '../../routing/learned/index.js';
import { loadOutcomeDataset, splitOutcomeDataset, toTrainingExamples } from '../../routing/offline/index.js';
import { paint } from '../output.js';
import { withOfflineEngine } from '../with-engine.js';

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
      "Train the per-query learned router: from outcome data (jsonl: prompt + each model's outcome and cost) or from the graded answers in the store (eval run / eval import)",
    )
    .option('-d, --data <file>', 'per-query outcome data (format of ../shared/data/routing/README.md)')
    .option('--from-store', 'train on the graded answers of evaluation runs and imports in the store')
    .option(
      '--runs <ids>',
      'with --from-store: only these evaluation runs (comma-separated; see `eval runs`)',
    )
    .option(
      '--out <file>',
      'where to write the router model (default: routing.routerModelFile or ~/.conclave/router-model.json)',
    )
    .option('--all', 'with --data: train on every row, not only the train split')
    .action(async (options: TrainOptions, command: Command) => {
      if (Boolean(options.data) === Boolean(options.fromStore))
        throw new ConclaveError('bad-request', 'Say what to train on: --data <file.jsonl> or --from-store.', {
          hint: 'e.g. conclave router train --data ../shared/data/routing/routerbench_subset.jsonl',
        });
      if (options.runs && !options.fromStore)
        throw new ConclaveError('bad-request', '--runs only applies with --from-store.');
      if (options.all && !options.data)
        throw new ConclaveError('bad-request', '--all only applies with --data.');
      await withOfflineEngine(command, async (engine) => {
        const training = options.data
          ? await trainingSetFromFile(options.data, options.all === true)
          : trainingSetFromStore(engine, options.runs);
        const model = trainRouterModel({ examples: training.examples });
        const out = options.out ?? engine.routerModelPath;
        mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
        await saveRouterModel(out, model);
        const catalog = engine.catalog();
        const mapped = model.models.map((name) => {
          const entry = findModel(catalog, name);
          if (!entry)
            return `${name} (no catalog model: add it to \`models\` with this name as an alias to route to it)`;
          return entry.id === name ? name : `${name} → ${entry.id}`;
        });
        process.stdout.write(
          `${paint('green', 'Trained')} the learned router on ${training.examples.length} prompts × ${model.models.length} models (${training.source}).\n`,
        );
        process.stdout.write(`Models:\n  ${mapped.join('\n  ')}\n`);
        process.stdout.write(
          `Written to ${out}; routers using it (CLI, a running gateway) pick it up within a few seconds.\n`,
        );
      });
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

interface TrainOptions {
  data?: string;
  fromStore?: boolean;
  runs?: string;
  out?: string;
  all?: boolean;
}

interface TrainingSet {
  examples: RouterTrainingExample[];
  source: string;
}

async function trainingSetFromFile(file: string, all: boolean): Promise<TrainingSet> {
  const split = splitOutcomeDataset(await loadOutcomeDataset(file));
  const rows = all ? [...split.train, ...split.test] : split.train;
  return {
    examples: toTrainingExamples(rows, split.models, split.description.hasCosts),
    source: all ? 'all rows' : 'train split',
  };
}

/** Minimums below which a learned router would only memorise noise. */
const MIN_STORE_PROMPTS = 20;

function trainingSetFromStore(engine: Engine, runs: string | undefined): TrainingSet {
  const store = createEvaluationStore(engine.database);
  const runIds = runs
    ?.split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  if (runIds?.length === 0)
    throw new ConclaveError('bad-request', '--runs needs at least one run id.', {
      hint: 'List runs with `conclave eval runs`, or leave --runs out to train on every run.',
    });
  for (const id of runIds ?? [])
    if (!store.getRun(id))
      throw new ConclaveError('not-found', `No evaluation run "${id}" in the store.`, {
        hint: 'List runs with `conclave eval runs`.',
      });
  const set = routerExamplesFromGraded(store.graded(runIds));
  if (set.examples.length < MIN_STORE_PROMPTS || set.models.length < 2)
    throw new ConclaveError(
      'bad-request',
      `The store has graded answers to ${set.examples.length} prompts from ${set.models.length} model(s)${runIds ? ` in ${runIds.join(', ')}` : ''}; the learned router needs at least ${MIN_STORE_PROMPTS} prompts and 2 models.`,
      {
        hint: 'Grade more answers with `conclave eval run <suites> --models a,b,…` or load outcome data with `conclave eval import --data <file.jsonl>`.',
      },
    );
  return {
    examples: set.examples,
    source: `${set.answers} graded answers from the store${runIds ? ` (runs ${runIds.join(', ')})` : ''}`,
  };
}
