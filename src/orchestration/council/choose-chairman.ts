import { requireModel } from '../../catalog/find-model.js';
import { ConclaveError } from '../../core/conclave-error.js';
import type { ModelProfile } from '../../core/model-profile.js';
import type { OrchestrationContext } from '../orchestration-context.js';

export interface ChairmanChoice {
  model: string;
  why: string;
}

/** Catalog quality of a model: its general-purpose prior, else the mean of its per-class priors. */
export function catalogQuality(profile: ModelProfile): number {
  if (profile.quality.general !== undefined) return profile.quality.general;
  const values = Object.values(profile.quality).filter((value): value is number => value !== undefined);
  return values.length ? values.reduce((sum, value) => sum + value, 0) / values.length : 0.5;
}

/**
 * The chairman: the model named by --chairman, the preset or council.chairman (in that order), else the
 * strongest model that can be called now — available, circuit closed, chat-capable, and local unless external
 * processing is allowed or consented to.
 */
export function chooseChairman(
  context: OrchestrationContext,
  { requested, source, allowExternal }: { requested?: string; source?: string; allowExternal: boolean },
): ChairmanChoice {
  if (requested) {
    const profile = requireModel(context.profiles(), requested);
    const because = unusable(context, profile, allowExternal);
    if (because)
      throw new ConclaveError('unavailable', `Chairman model ${profile.id} cannot be used: ${because}.`, {
        model: profile.id,
        hint: 'Pick another model with --chairman (see `conclave models --available`), or leave it unset to use the strongest available one.',
      });
    return { model: profile.id, why: `chosen by ${source ?? 'request'}` };
  }
  const candidates = context
    .profiles()
    .filter((profile) => unusable(context, profile, allowExternal) === undefined)
    .sort(
      (left, right) =>
        catalogQuality(right) - catalogQuality(left) ||
        right.contextWindow - left.contextWindow ||
        left.id.localeCompare(right.id),
    );
  const best = candidates[0];
  if (!best)
    throw new ConclaveError('unavailable', 'No model is available to chair the council.', {
      hint: 'Add a provider (set an API key, start Ollama) or name one with --chairman.',
    });
  return {
    model: best.id,
    why: `strongest available model by catalog quality (${catalogQuality(best).toFixed(2)})`,
  };
}

function unusable(
  context: OrchestrationContext,
  profile: ModelProfile,
  allowExternal: boolean,
): string | undefined {
  if (!profile.available) return `unavailable (${profile.unavailableReason ?? 'not configured'})`;
  if (profile.supports.embeddings) return 'an embedding model';
  if (profile.location === 'external' && !allowExternal && !context.config.privacy.allowExternal)
    return 'external, and external processing is neither enabled (privacy.allowExternal) nor consented to (--allow-external)';
  return context.blockReason(profile.id);
}
