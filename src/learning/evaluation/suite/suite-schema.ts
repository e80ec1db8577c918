import { z } from 'zod';
import { TASK_CLASSES } from '../../../core/task-class.js';

const slug = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9._-]*$/i,
    'use letters, digits, ".", "_" or "-" (no spaces), starting with a letter or digit',
  );
const weight = z.number().positive().default(1);
const jsonObject = z.record(z.string(), z.unknown());

const exactGrader = z.strictObject({
  type: z.literal('exact'),
  expected: z.string(),
  caseSensitive: z.boolean().default(false),
  weight,
});

const regexGrader = z.strictObject({
  type: z.literal('regex'),
  pattern: z.string().min(1),
  flags: z
    .string()
    .regex(/^[imsu]*$/, 'use only the flags i, m, s and u')
    .default(''),
  /** Pass when the pattern does NOT match (e.g. "no apology"). */
  negate: z.boolean().default(false),
  weight,
});

const containsGrader = z.strictObject({
  type: z.literal('contains'),
  values: z.array(z.string().min(1)).min(1),
  /** all: score = share of values found; any: 1 when one is found. */
  mode: z.enum(['all', 'any']).default('all'),
  caseSensitive: z.boolean().default(false),
  weight,
});

const numericGrader = z.strictObject({
  type: z.literal('numeric'),
  expected: z.number(),
  /** Absolute tolerance. */
  tolerance: z.number().nonnegative().default(1e-6),
  /** Relative tolerance (share of |expected|); the looser of the two applies. */
  relativeTolerance: z.number().nonnegative().default(0),
  /** Regex whose first capture group holds the number; default: the last number in the answer. */
  pattern: z.string().min(1).optional(),
  weight,
});

const jsonSchemaGrader = z.strictObject({
  type: z.literal('json-schema'),
  schema: z.union([jsonObject, z.boolean()]),
  weight,
});

const toolCallGrader = z.strictObject({
  type: z.literal('tool-call'),
  name: z.string().min(1),
  /** Every key given here must appear in the call's arguments with an equal value. */
  arguments: jsonObject.optional(),
  weight,
});

const codeTest = z.union([
  z.string().min(1),
  z.strictObject({ name: z.string().min(1), code: z.string().min(1) }),
]);

const codeTestsGrader = z.strictObject({
  type: z.literal('code-tests'),
  language: z.enum(['javascript', 'python']),
  tests: z.array(codeTest).min(1),
  timeoutMs: z.number().int().positive().optional(),
  memoryMb: z.number().int().min(32).optional(),
  weight,
});

const judgeGrader = z.strictObject({
  type: z.literal('judge'),
  rubric: z.string().min(1),
  reference: z.string().min(1).optional(),
  model: z.string().min(1).optional(),
  scale: z.number().int().min(2).max(100).default(10),
  weight,
});

const pairwiseGrader = z.strictObject({
  type: z.literal('pairwise'),
  rubric: z.string().min(1),
  /** The answer the candidate is compared with, in both positions. */
  reference: z.string().min(1),
  model: z.string().min(1).optional(),
  weight,
});

export const graderSchema = z.discriminatedUnion('type', [
  exactGrader,
  regexGrader,
  containsGrader,
  numericGrader,
  jsonSchemaGrader,
  toolCallGrader,
  codeTestsGrader,
  judgeGrader,
  pairwiseGrader,
]);

const toolSchema = z.strictObject({
  name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, 'use 1–64 letters, digits, "_" or "-"'),
  description: z.string().optional(),
  parameters: jsonObject.default({ type: 'object', properties: {} }),
});

export const CAPABILITIES = ['tools', 'json', 'vision'] as const;

export const taskSchema = z.strictObject({
  id: slug,
  taskType: z.enum(TASK_CLASSES).optional(),
  system: z.string().min(1).optional(),
  prompt: z.string().min(1),
  tools: z.array(toolSchema).min(1).optional(),
  responseFormat: z.enum(['text', 'json']).optional(),
  maxOutputTokens: z.number().int().positive().optional(),
  temperature: z.number().min(0).max(2).optional(),
  /** Capabilities a model needs beyond what tools/responseFormat imply. */
  requires: z.array(z.enum(CAPABILITIES)).default([]),
  graders: z.array(graderSchema).min(1),
});

export const suiteSchema = z.strictObject({
  name: slug,
  description: z.string().optional(),
  /** Task type of every task that does not name its own. */
  taskType: z.enum(TASK_CLASSES).optional(),
  defaults: z
    .strictObject({
      system: z.string().min(1).optional(),
      maxOutputTokens: z.number().int().positive().optional(),
      temperature: z.number().min(0).max(2).optional(),
    })
    .default({}),
  judge: z.strictObject({ model: z.string().min(1) }).optional(),
  tasks: z.array(taskSchema).min(1),
});

export type SuiteInput = z.infer<typeof suiteSchema>;
export type TaskInput = z.infer<typeof taskSchema>;
export type Grader = z.infer<typeof graderSchema>;
export type GraderType = Grader['type'];
export type Capability = (typeof CAPABILITIES)[number];
