import { z } from 'zod';
import { OBJECTIVES } from '../../core/chat-request.js';
import { TASK_CLASSES } from '../../core/task-class.js';

const positiveInt = z.number().int().positive();

/** How code tests are contained: `namespace` needs `unshare --net`; `guard` is the in-process fallback. */
export const SANDBOX_CONTAINMENTS = ['auto', 'namespace', 'guard'] as const;

/** The `evaluation` section of conclave.yaml: defaults for `conclave eval run|report|import`. */
export const evaluationConfigSchema = z
  .strictObject({
    /** Model that grades `judge`/`pairwise` graders when neither the suite nor --judge names one. */
    judgeModel: z.string().min(1).optional(),
    concurrency: positiveInt.default(2),
    repeat: positiveInt.default(1),
    /** Default spending cap per run (USD); --budget overrides it. */
    budgetUsd: z.number().nonnegative().optional(),
    /** Model the guide's quality ratios compare against (default: the best measured model). */
    baseline: z.string().min(1).optional(),
    /** How the report picks a primary among near-best models. */
    objective: z.enum(OBJECTIVES).default('balanced'),
    /** Models within this much of the best measured quality count as near-best. */
    qualityTolerance: z.number().min(0).max(1).default(0.05),
    /** Fewer graded answers than this and a model is listed but never recommended. */
    minSamples: positiveInt.default(3),
    /** Where MODEL_SELECTION_GUIDE.md and its charts go (default: the current directory). */
    guideDirectory: z.string().min(1).optional(),
    sandbox: z
      .strictObject({
        containment: z.enum(SANDBOX_CONTAINMENTS).default('auto'),
        timeoutMs: positiveInt.default(10_000),
        memoryMb: z.number().int().min(32).default(256),
        python: z.string().min(1).default('python3'),
      })
      .prefault({}),
    import: z
      .strictObject({
        /** Dataset model name → catalog id, on top of the catalog's aliases. */
        modelMap: z.record(z.string(), z.string()).default({}),
        /** Dataset task or category → task type, on top of the built-in mapping. */
        taskTypes: z.record(z.string(), z.enum(TASK_CLASSES)).default({}),
      })
      .prefault({}),
  })
  .prefault({});

export type EvaluationConfig = z.infer<typeof evaluationConfigSchema>;
