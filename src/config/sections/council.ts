import { z } from 'zod';

const archetypeName = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'archetype names are lowercase words joined by _ (e.g. cultural_translator)');

/** Caps that stop a council from adding stages once reached; the run says which cap stopped it. */
const budgetSchema = z.strictObject({
  /** USD spent by all member, reviewer and chairman calls together. */
  maxCostUsd: z.number().positive().optional(),
  /** Wall-clock seconds since the run started. */
  maxSeconds: z.number().positive().optional(),
});

const presetSchema = z.strictObject({
  description: z.string().optional(),
  /** Archetype names (built-in or from `archetypes:`); a council needs at least two. */
  agents: z.array(archetypeName).min(2, 'a council needs at least two agents'),
  /** Model id of the chairman; default: council.chairman, else the strongest available model. */
  chairman: z.string().min(1).optional(),
  /** Anonymized peer review (stage 2). */
  review: z.boolean().optional(),
  /** Answer rounds; from round 2 on, members see the others' previous answers and revise (debate). */
  rounds: z.number().int().min(1).max(5).optional(),
  budget: budgetSchema.optional(),
});

/** The `council` section of conclave.yaml: presets (gateway models `council/<name>`), chairman, budget. */
export const councilConfigSchema = z
  .strictObject({
    /** Presets; each is also the gateway model `council/<name>`. Same-named built-ins are replaced. */
    presets: z
      .record(
        z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'preset names are lowercase, digits, - and _'),
        presetSchema,
      )
      .default({}),
    /** Model id of the default chairman; unset: the strongest available model by catalog quality. */
    chairman: z.string().min(1).optional(),
    review: z.boolean().default(true),
    rounds: z.number().int().min(1).max(5).default(1),
    budget: budgetSchema.prefault({}).transform((budget) => ({
      maxCostUsd: budget.maxCostUsd ?? 1,
      maxSeconds: budget.maxSeconds ?? 600,
    })),
  })
  .prefault({});

export type CouncilConfig = z.output<typeof councilConfigSchema>;
export type CouncilPresetConfig = z.output<typeof presetSchema>;
