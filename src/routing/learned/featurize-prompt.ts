import { type MathWordFeatureName, selectMathWordFeatures } from './math-word-features.js';
import { focusPrompt } from './prompt-focus.js';
import type { RouterModel } from './router-model.js';
import { extractShapeFeatures } from './shape-features.js';
import type { SparseVector } from './sparse-vector.js';
import { extractTermCounts, hashText } from './text-features.js';
import { createIdfLookup, type IdfLookup, vectorizeTerms } from './tfidf-vectorizer.js';

/** What one prompt becomes: a word TF-IDF vector (neighbours, task centroids) and the full logistic input. */
export interface PromptFeatures {
  text: SparseVector;
  full: SparseVector;
}

type FeaturizerParts = Pick<RouterModel, 'features' | 'idf' | 'shape'>;

const lookupCache = new WeakMap<object, IdfLookup>();
const TASK_SLOTS = 1024;
const SHAPE_CLIP = 5;

/** The task-independent part of a prompt's features, computed once per prompt. */
export interface PreparedPrompt {
  text: SparseVector;
  content: SparseVector;
  /** Standardised, clipped shape features; empty when the model uses none. */
  shape: number[];
}

/** Word vectors and standardised shape features: everything that does not depend on the task type. */
export function preparePrompt(parts: FeaturizerParts, prompt: string): PreparedPrompt {
  let lookup = lookupCache.get(parts.idf);
  if (!lookup) {
    lookup = createIdfLookup(parts.idf);
    lookupCache.set(parts.idf, lookup);
  }
  const focus = focusPrompt(prompt);
  const terms = extractTermCounts(prompt, parts.features, focus);
  const text = vectorizeTerms(terms, lookup, parts.features, true);
  const content =
    parts.features.charNgramMin > 0 || parts.features.wholePromptWeight > 0
      ? vectorizeTerms(terms, lookup, parts.features)
      : text;
  const { mean, deviation, scale } = parts.shape;
  if (scale === 0 || mean.length === 0) return { text, content, shape: [] };
  // Clipped so one freak prompt (a 50,000-character paste) cannot swamp the text features.
  const shape = shapeValues(prompt, focus, parts.shape.extra).map((value, index) => {
    const z = (value - (mean[index] ?? 0)) / (deviation[index] || 1);
    return scale * Math.max(-SHAPE_CLIP, Math.min(SHAPE_CLIP, z));
  });
  return { text, content, shape };
}

/**
 * Shape features enter twice: once shared and once crossed with the task type, because "longer is
 * harder" has a different slope for a maths word problem than for a multiple-choice question.
 */
export function featuresFor(
  parts: FeaturizerParts,
  prepared: PreparedPrompt,
  taskType: string | undefined,
): PromptFeatures {
  const { text, content, shape } = prepared;
  if (shape.length === 0) return { text, full: content };
  const width = shape.length;
  const base = 3 * 2 ** parts.features.bits;
  const slot = taskType === undefined ? -1 : 1 + (hashText(taskType, 7) % TASK_SLOTS);
  const indices = [...content.indices];
  const values = [...content.values];
  // Maths word-problem features may enter only crossed with the task (their meaning is task-specific).
  const shared = parts.shape.extraShared === false ? width - (parts.shape.extra?.length ?? 0) : width;
  for (let index = 0; index < shared; index += 1) {
    indices.push(base + index);
    values.push(shape[index] as number);
  }
  if (slot > 0) {
    shape.forEach((value, index) => {
      indices.push(base + slot * width + index);
      values.push(value);
    });
  }
  return { text, full: { indices, values } };
}

export function featurizePrompt(
  parts: FeaturizerParts,
  prompt: string,
  taskType: string | undefined,
): PromptFeatures {
  return featuresFor(parts, preparePrompt(parts, prompt), taskType);
}

function shapeValues(
  prompt: string,
  focus: string,
  extra: readonly MathWordFeatureName[] | undefined,
): number[] {
  const basic = extractShapeFeatures(prompt, focus);
  return extra && extra.length > 0 ? basic.concat(selectMathWordFeatures(focus, extra)) : basic;
}

/** Mean and spread of the shape features over the training prompts, for standardising. */
export function fitShapeStatistics(
  prompts: readonly string[],
  extra?: readonly MathWordFeatureName[],
): { mean: number[]; deviation: number[] } {
  const rows = prompts.map((prompt) => shapeValues(prompt, focusPrompt(prompt), extra));
  const width = rows[0]?.length ?? 0;
  const mean = Array.from(
    { length: width },
    (_, index) => rows.reduce((sum, row) => sum + (row[index] as number), 0) / rows.length,
  );
  const deviation = mean.map((average, index) => {
    const variance =
      rows.reduce((sum, row) => sum + ((row[index] as number) - average) ** 2, 0) / rows.length;
    // A (near-)constant feature would turn rounding noise into huge z-scores: treat it as unit spread.
    return variance > 1e-12 ? Math.sqrt(variance) : 1;
  });
  return { mean, deviation };
}
