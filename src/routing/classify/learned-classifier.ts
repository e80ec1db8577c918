import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { ConclaveError } from '../../core/conclave-error.js';
import { isTaskClass, TASK_CLASSES, type TaskClass } from '../../core/task-class.js';
import { extractTermCounts, type FeatureOptions } from '../learned/text-features.js';

/** Words and bigrams of the whole prompt (no few-shot focusing: these are ordinary requests). */
const FEATURES: FeatureOptions = {
  bits: 16,
  wordNgramMax: 2,
  charNgramMin: 0,
  charNgramMax: 0,
  focus: false,
  wholePromptWeight: 0,
};

const classifierFileSchema = z.object({
  version: z.literal(1),
  kind: z.literal('multinomial-naive-bayes'),
  trainedAt: z.string(),
  examples: z.number().int().positive(),
  classes: z.record(
    z.string(),
    z.object({
      logPrior: z.number(),
      logUnseen: z.number(),
      logLikelihood: z.record(z.string(), z.number()),
    }),
  ),
});

export type TaskClassifierModel = z.infer<typeof classifierFileSchema>;

export interface LabelledPrompt {
  prompt: string;
  taskClass: TaskClass;
}

function terms(prompt: string): Map<number, number> {
  return extractTermCounts(prompt.toLowerCase(), FEATURES).words;
}

/**
 * A multinomial naive Bayes over hashed word uni- and bigrams with Laplace smoothing: trains in
 * milliseconds on CPU, needs no download, and its probabilities feed the rule-based classifier as one signal.
 */
export function trainTaskClassifier(examples: readonly LabelledPrompt[], smoothing = 1): TaskClassifierModel {
  if (examples.length === 0) throw new ConclaveError('bad-request', 'No labelled prompts to train on.');
  const counts = new Map<TaskClass, { documents: number; total: number; terms: Map<number, number> }>();
  const vocabulary = new Set<number>();
  for (const example of examples) {
    const entry = counts.get(example.taskClass) ?? {
      documents: 0,
      total: 0,
      terms: new Map<number, number>(),
    };
    entry.documents += 1;
    for (const [term, count] of terms(example.prompt)) {
      entry.terms.set(term, (entry.terms.get(term) ?? 0) + count);
      entry.total += count;
      vocabulary.add(term);
    }
    counts.set(example.taskClass, entry);
  }
  const classes: TaskClassifierModel['classes'] = {};
  for (const [taskClass, entry] of counts) {
    const denominator = entry.total + smoothing * vocabulary.size;
    const logLikelihood: Record<string, number> = {};
    for (const [term, count] of entry.terms)
      logLikelihood[term] = Math.log((count + smoothing) / denominator);
    classes[taskClass] = {
      logPrior: Math.log(entry.documents / examples.length),
      logUnseen: Math.log(smoothing / denominator),
      logLikelihood,
    };
  }
  return {
    version: 1,
    kind: 'multinomial-naive-bayes',
    trainedAt: new Date().toISOString(),
    examples: examples.length,
    classes,
  };
}

/** The most probable task class and its posterior probability. */
export function classifyWithModel(
  model: TaskClassifierModel,
  prompt: string,
): { taskClass: TaskClass; probability: number } | undefined {
  const features = terms(prompt);
  const scores: [TaskClass, number][] = [];
  for (const [taskClass, parameters] of Object.entries(model.classes)) {
    let score = parameters.logPrior;
    for (const [term, count] of features)
      score += count * (parameters.logLikelihood[term] ?? parameters.logUnseen);
    scores.push([taskClass as TaskClass, score]);
  }
  if (scores.length === 0) return undefined;
  const best = Math.max(...scores.map(([, score]) => score));
  const total = scores.reduce((sum, [, score]) => sum + Math.exp(score - best), 0);
  const [taskClass, score] = scores.reduce((left, right) => (right[1] > left[1] ? right : left));
  return { taskClass, probability: Math.exp(score - best) / total };
}

export function saveTaskClassifier(file: string, model: TaskClassifierModel): void {
  writeFileSync(file, JSON.stringify(model));
}

export function loadTaskClassifier(file: string): TaskClassifierModel {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConclaveError(
      'config',
      `Cannot read the task classifier ${file}: ${(error as Error).message}`,
      {
        hint: 'Retrain it with `conclave router train-classifier --data <labelled.jsonl>`.',
      },
    );
  }
  const parsed = classifierFileSchema.safeParse(raw);
  if (!parsed.success || !Object.keys(parsed.data.classes).every(isTaskClass)) {
    throw new ConclaveError('config', `The task classifier ${file} is not a valid classifier file.`, {
      hint: `Retrain it with \`conclave router train-classifier\`; classes must be among ${TASK_CLASSES.join(', ')}.`,
    });
  }
  return parsed.data;
}
