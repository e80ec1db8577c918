import { z } from 'zod';

const unit = z.number().min(0).max(1);
const runShape = z.looseObject({
  quality: unit.optional(),
  score: unit.optional(),
  confidence: unit.optional(),
  agreement: unit.optional(),
  modelsAgreed: z.boolean().optional(),
  consensus: z.boolean().optional(),
  members: z.array(z.looseObject({ model: z.string().optional() })).optional(),
  responses: z.array(z.looseObject({ model: z.string().optional() })).optional(),
});

export interface RunQuality {
  base?: number;
  modelsAgreed?: boolean;
  models: string[];
}

/**
 * Quality signals an orchestration run reports in `ChatResult.run`, read defensively (the run shapes belong to
 * the council/ensemble modules): a 0..1 quality/score/confidence/agreement, whether members agreed, and the
 * member models. Missing or differently shaped fields simply yield no signal.
 */
export function qualityFromRun(run: unknown): RunQuality {
  const parsed = runShape.safeParse(run);
  if (!parsed.success) return { models: [] };
  const value = parsed.data;
  const base = value.quality ?? value.score ?? value.confidence ?? value.agreement;
  const modelsAgreed =
    value.modelsAgreed ??
    value.consensus ??
    (value.agreement === undefined ? undefined : value.agreement >= 2 / 3);
  const models = [...(value.members ?? []), ...(value.responses ?? [])]
    .map((member) => member.model)
    .filter((model): model is string => typeof model === 'string');
  return { base, modelsAgreed, models: [...new Set(models)] };
}
