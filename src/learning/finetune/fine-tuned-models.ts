import type { DatabaseSync } from 'node:sqlite';
import type { ConclaveConfig } from '../../config/config-schema.js';
import type { ModelProfile, ModelSupports } from '../../core/model-profile.js';
import type { ResolvedProvider } from '../../providers/resolve-providers.js';

export interface FineTunedModelsHost {
  database: DatabaseSync;
  config: ConclaveConfig;
  providers: Map<string, ResolvedProvider>;
  catalog(): readonly ModelProfile[];
  registerModel(profile: ModelProfile): void;
}

const SUPPORTS: ModelSupports = {
  streaming: true,
  tools: false,
  vision: false,
  json: false,
  embeddings: false,
  prefill: false,
};
// Until feedback or an experiment shows otherwise, a fine-tune is assumed slightly worse than its base, so
// auto-routing keeps preferring the proven model; experiments and explicit requests reach it directly.
const UNPROVEN_MARGIN = 0.1;

/**
 * Catalog profiles for the models fine-tune jobs produced. Each inherits its base model's profile (context,
 * price, strengths) when the base is in the catalog. A model with the same id in conclave.yaml wins.
 */
export function fineTunedProfiles(host: Omit<FineTunedModelsHost, 'registerModel'>): ModelProfile[] {
  const rows = host.database
    .prepare(
      'SELECT id, provider, provider_model_id, base_model, job_id FROM finetuned_models ORDER BY created_at',
    )
    .all() as {
    id: string;
    provider: string;
    provider_model_id: string;
    base_model: string;
    job_id: string | null;
  }[];
  const configured = new Set(host.config.models.map((model) => model.id));
  const catalog = host.catalog();
  return rows
    .filter((row) => !configured.has(row.id))
    .map((row) => {
      const base =
        catalog.find((profile) => profile.id === row.base_model) ??
        catalog.find((profile) => profile.providerModelId === row.base_model);
      const provider = host.providers.get(row.provider);
      const quality = Object.fromEntries(
        Object.entries(base?.quality ?? { general: 0.6 }).map(([task, value]) => [
          task,
          Math.max(0, (value ?? 0) - UNPROVEN_MARGIN),
        ]),
      );
      return {
        id: row.id,
        name: `${base?.name ?? row.base_model} (fine-tuned)`,
        family: base?.family,
        provider: row.provider,
        providerModelId: row.provider_model_id,
        location: provider?.location ?? 'external',
        license: base?.license ?? 'restricted',
        contextWindow: base?.contextWindow ?? 8_192,
        maxOutputTokens: base?.maxOutputTokens,
        price: base?.price ?? { inputPerMTok: 0, outputPerMTok: 0 },
        latency: base?.latency ?? { class: 'standard' },
        strengths: base?.strengths ?? [],
        weaknesses: base?.weaknesses ?? [],
        quality,
        supports: { ...(base?.supports ?? SUPPORTS), embeddings: false },
        available: provider?.configured ?? false,
        unavailableReason: provider?.configured
          ? undefined
          : (provider?.setupHint ?? `configure providers.${row.provider}`),
        source: `fine-tuned from ${row.base_model}${row.job_id ? ` (job ${row.job_id})` : ''}; price and limits of the base model`,
        fallbacks: base ? [base.id] : [],
      } satisfies ModelProfile;
    });
}

/** Adds every fine-tuned model to the engine's catalog; returns how many. */
export function registerFineTunedModels(host: FineTunedModelsHost): number {
  const profiles = fineTunedProfiles(host);
  for (const profile of profiles) host.registerModel(profile);
  return profiles.length;
}
