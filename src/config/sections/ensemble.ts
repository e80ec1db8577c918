import { z } from 'zod';

/** Every way an ensemble combines its members; each is also the gateway model `ensemble/<strategy>`. */
export const ENSEMBLE_STRATEGIES = [
  'best-of-n',
  'weighted',
  'consensus',
  'specialization',
  'moa',
  'cascade',
] as const;
export type EnsembleStrategyName = (typeof ENSEMBLE_STRATEGIES)[number];

export const JUDGE_MODES = ['pairwise', 'rubric', 'agreement'] as const;
export type JudgeMode = (typeof JUDGE_MODES)[number];

export const CASCADE_CHECKS = ['agreement', 'self-verify'] as const;
export type CascadeCheck = (typeof CASCADE_CHECKS)[number];

const unitInterval = z.number().min(0).max(1);
const modelList = z.array(z.string().min(1));

/** Settings every strategy reads; a preset may override any of them. */
const strategySettings = {
  /** Members asked by default (`--models`). */
  numModels: z.number().int().min(1).max(16).optional(),
  /** Fixed member model ids; empty: the top models for the task type. */
  members: modelList.optional(),
  /** Consensus: weighted agreement needed to answer (1 = every member agrees). */
  threshold: unitInterval.optional(),
};

const presetSchema = z.strictObject({
  description: z.string().optional(),
  strategy: z.enum(ENSEMBLE_STRATEGIES),
  /** Task type to specialise for (code, math, …); default: detected per request. */
  taskType: z.string().optional(),
  ...strategySettings,
});

/** The `ensemble` section of conclave.yaml. */
export const ensembleConfigSchema = z
  .strictObject({
    /** Strategy of `conclave ensemble` without --strategy. */
    strategy: z.enum(ENSEMBLE_STRATEGIES).default('best-of-n'),
    numModels: z.number().int().min(1).max(16).default(3),
    /** Fixed default members (model ids); empty: the top available models for the task type. */
    members: modelList.default([]),
    /** Member reliability 0..1 by model id; overrides the catalog prior and learned values. */
    weights: z.record(z.string(), unitInterval).default({}),
    /** Learn member reliability from recorded runs (agreement with confident answers, judge wins, feedback). */
    learnWeights: z.boolean().default(true),
    similarity: z
      .strictObject({
        /** lexical (word n-grams, no calls) or embedding (needs an embedding model). */
        method: z.enum(['lexical', 'embedding']).default('lexical'),
        /** Free-text answers at least this similar count as the same answer. */
        threshold: unitInterval.optional(),
        embeddingModel: z.string().optional(),
      })
      .prefault({}),
    judge: z
      .strictObject({
        /** Default: the strongest available model. */
        model: z.string().optional(),
        /** pairwise (both orders, cancels position bias), rubric (pointwise 1–10), agreement (no judge call). */
        mode: z.enum(JUDGE_MODES).default('pairwise'),
        /** Longer answers are cut before they are shown to the judge. */
        maxChars: z.number().int().positive().default(6_000),
      })
      .prefault({}),
    /** Model that fuses free-text answers (weighted, moa); default: the strongest available model. */
    aggregator: z.string().optional(),
    consensus: z.strictObject({ threshold: unitInterval.default(1) }).prefault({}),
    moa: z.strictObject({ layers: z.number().int().min(1).max(4).default(2) }).prefault({}),
    cascade: z
      .strictObject({
        /** Stop once the answer's confidence reaches this. */
        threshold: unitInterval.default(0.8),
        /** agreement between members, or the answering model grading its own answer (AutoMix). */
        check: z.enum(CASCADE_CHECKS).default('agreement'),
        /** Members asked together in the first stage (cheapest first). */
        firstStage: z.number().int().min(1).max(8).default(2),
        /** Explicit stages of model ids, cheapest first; default: members ordered by estimated cost. */
        stages: z.array(modelList.min(1)).optional(),
      })
      .prefault({}),
    /** Save answers above the learning threshold as training examples and judge outcomes as preference pairs. */
    collect: z.boolean().default(true),
    /** Named presets, each also the gateway model `ensemble/<name>`. */
    presets: z
      .record(
        z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'preset names are lowercase, digits, - and _'),
        presetSchema,
      )
      .default({}),
  })
  .prefault({});

export type EnsembleConfig = z.output<typeof ensembleConfigSchema>;
export type EnsemblePresetConfig = z.output<typeof presetSchema>;
