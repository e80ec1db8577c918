import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConclaveError } from '../../core/conclave-error.js';

const modelEvidence = z.object({
  quality: z.number().min(0).max(1),
  samples: z.number().int().nonnegative(),
  ci: z.tuple([z.number(), z.number()]).optional(),
  qualityRatio: z.number().optional(),
  latencyMs: z.number().nonnegative().optional(),
  ttftMs: z.number().nonnegative().optional(),
  tokensPerSec: z.number().nonnegative().optional(),
  costUsd: z.number().nonnegative().optional(),
});

/** The routing rules/evidence file written by `conclave eval report` and read by the router. */
export const evidenceFileSchema = z.object({
  version: z.literal(1),
  generatedAt: z.string(),
  source: z.string(),
  baseline: z.string().optional(),
  taskTypes: z.record(
    z.string(),
    z.object({
      primary: z.string(),
      alternatives: z.array(z.string()),
      recommendation: z.string().optional(),
      models: z.record(z.string(), modelEvidence),
    }),
  ),
});

export type EvidenceFile = z.infer<typeof evidenceFileSchema>;
export type ModelEvidence = z.infer<typeof modelEvidence>;

export function readEvidenceFile(file: string): EvidenceFile {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConclaveError(
      'config',
      `Cannot read the routing evidence file ${file}: ${(error as Error).message}`,
      {
        hint: 'Regenerate it with `conclave eval report`, or remove routing.evidenceFile from the config.',
      },
    );
  }
  const parsed = evidenceFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConclaveError(
      'config',
      `The routing evidence file ${file} is invalid at ${issue?.path.join('.') || '(top level)'}: ${issue?.message}.`,
      {
        hint: 'Regenerate it with `conclave eval report`.',
      },
    );
  }
  return parsed.data;
}
