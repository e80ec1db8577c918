import { z } from 'zod';

const unitInterval = z.number().min(0).max(1);
const positiveInt = z.number().int().positive();

/** Every dataset format `conclave export` writes (and the fine-tune jobs upload). */
export const EXPORT_FORMATS = [
  'openai-chat',
  'openai-preference',
  'trl-sft',
  'trl-sft-prompt-completion',
  'trl-dpo',
  'sharegpt',
  'alpaca',
  'conclave',
] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPERIMENT_METRICS = ['feedback', 'success', 'cost', 'latency'] as const;
export type ExperimentMetric = (typeof EXPERIMENT_METRICS)[number];

/** A hosted fine-tuning API; the key defaults to the matching provider's key (TOGETHER_API_KEY, …). */
const hostedFineTune = z.strictObject({
  baseURL: z.url().optional(),
  apiKey: z.string().optional(),
});

/** The `learning` section of conclave.yaml. */
export const learningConfigSchema = z
  .strictObject({
    collection: z
      .strictObject({
        /** An answer is collected when its quality is strictly above this. */
        threshold: unitInterval.default(0.7),
        /**
         * A single model's answer needs evidence beyond the model's prior (a judge score, agreement between
         * models or user feedback) before it is collected.
         */
        requireEvidence: z.boolean().default(true),
        /** "High quality" in learning-stats. */
        highQuality: unitInterval.default(0.8),
      })
      .prefault({}),
    /** Examples needed before learning-stats reports "ready for fine-tuning" (and finetune starts). */
    readyForFineTuning: positiveInt.default(100),
    judge: z
      .strictObject({
        /** A model that grades answers 0..1 (`conclave learning-score`, distillation). */
        model: z.string().optional(),
        /** Longer prompts/answers are cut before they are sent to the judge. */
        maxChars: positiveInt.default(12_000),
      })
      .prefault({}),
    export: z
      .strictObject({
        format: z.enum(EXPORT_FORMATS).default('openai-chat'),
        /** Default: the collection threshold. */
        minQuality: unitInterval.optional(),
        /** Share of examples written to the validation file (0 = none). */
        validationFraction: z.number().min(0).max(0.5).default(0.1),
        /** The split is a hash of this seed and each example's content: stable across runs and growth. */
        seed: z.string().default('conclave'),
        dedup: z.boolean().default(true),
      })
      .prefault({}),
    distill: z
      .strictObject({
        strategy: z.enum(['ensemble', 'council', 'single']).default('ensemble'),
        /** Preset used as `ensemble/<name>`. */
        ensemble: z.string().default('best-of-n'),
        /** Preset used as `council/<name>`. */
        council: z.string().default('default'),
        /** Quality given to a distilled answer when the run reports no agreement and no judge is set. */
        defaultQuality: unitInterval.default(0.8),
        maxOutputTokens: positiveInt.optional(),
      })
      .prefault({}),
    finetune: z
      .strictObject({
        pollIntervalMs: positiveInt.default(30_000),
        together: hostedFineTune.prefault({}),
        openai: hostedFineTune.prefault({}),
        fireworks: hostedFineTune
          .extend({
            /** Your Fireworks account id (or FIREWORKS_ACCOUNT_ID). */
            accountId: z.string().optional(),
          })
          .prefault({}),
        local: z
          .strictObject({
            baseModel: z.string().default('meta-llama/Llama-3.2-3B-Instruct'),
            trainer: z.enum(['trl', 'unsloth']).default('trl'),
            epochs: positiveInt.default(3),
            learningRate: z.number().positive().default(2e-4),
            loraRank: positiveInt.default(16),
            maxLength: positiveInt.default(2_048),
          })
          .prefault({}),
      })
      .prefault({}),
    experiments: z
      .strictObject({
        /** Adaptive experiments explore every arm this many times before exploiting. */
        minSamples: positiveInt.default(10),
        /** How often a running gateway re-reads experiments created or stopped elsewhere. */
        refreshMs: positiveInt.default(2_000),
      })
      .prefault({}),
  })
  .prefault({});

export type LearningConfig = z.output<typeof learningConfigSchema>;
