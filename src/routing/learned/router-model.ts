import { z } from 'zod';
import { MATH_WORD_FEATURE_NAMES } from './math-word-features.js';

/**
 * The learned router as a plain JSON object: everything prediction needs (hashing parameters,
 * idf tables, priors, weights, neighbours, stacking weights) and nothing that depends on the machine.
 * The schema is the single source of the type and validates files on load.
 */
const sparseVectorSchema = z.object({
  indices: z.array(z.number().int().nonnegative()),
  values: z.array(z.number()),
});
const perModel = z.array(z.number());

export const routerModelSchema = z.object({
  format: z.literal('conclave-router-model'),
  version: z.literal(1),
  models: z.array(z.string()).min(1),
  features: z.object({
    bits: z.number().int().min(8).max(24),
    wordNgramMax: z.number().int().min(1).max(4),
    charNgramMin: z.number().int().min(0),
    charNgramMax: z.number().int().min(0),
    focus: z.boolean(),
    wholePromptWeight: z.number().min(0),
  }),
  idf: z.object({ words: sparseVectorSchema, characters: sparseVectorSchema, whole: sparseVectorSchema }),
  shape: z.object({
    mean: z.array(z.number()),
    deviation: z.array(z.number()),
    scale: z.number(),
    /** Maths word-problem features appended after the basic shape features (absent in older files). */
    extra: z.array(z.enum(MATH_WORD_FEATURE_NAMES)).optional(),
    /** false: the extra features enter only crossed with the task type, not shared across tasks. */
    extraShared: z.boolean().optional(),
  }),
  priors: z.object({
    overall: z.object({ success: perModel, cost: perModel }),
    byTask: z.record(z.string(), z.object({ success: perModel, cost: perModel, count: z.number() })),
    strength: z.number(),
  }),
  logistic: z
    .object({ features: z.array(z.number().int()), weights: z.array(z.number()), bias: perModel })
    .nullable(),
  neighbours: z
    .object({
      vectors: z.array(sparseVectorSchema),
      quality: z.array(z.array(z.number().nullable())),
      k: z.number().int().positive(),
      power: z.number(),
      priorStrength: z.number().nonnegative(),
    })
    .nullable(),
  /**
   * Stacking weights per model over [bias, prior logit, logistic residual, neighbour residual,
   * near-duplicate]; `byTask` refines them per task type (shrunk toward `overall`).
   */
  stack: z
    .object({
      overall: z.array(perModel),
      byTask: z.record(z.string(), z.array(perModel)),
      /**
       * Per task type, which head predicts: the prior alone, prior + logistic residual, or the full
       * stack — chosen on held-out folds by routing quality, so noise-only text signal is switched off.
       */
      heads: z.record(z.string(), z.enum(['prior', 'logistic', 'stack'])),
    })
    .nullable(),
  /** Centroid per task type, to infer the task when the caller does not know it. */
  taskCentroids: z.record(z.string(), sparseVectorSchema),
  training: z.object({ examples: z.number().int(), seed: z.number().int(), folds: z.number().int() }),
});

export type RouterModel = z.infer<typeof routerModelSchema>;
