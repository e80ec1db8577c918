import type { EnsembleConfig } from '../../config/sections/ensemble.js';
import type { ModelProfile } from '../../core/model-profile.js';
import { isTaskClass } from '../../core/task-class.js';
import type { MemberTrackRecord } from './ensemble-store.js';
import type { EnsembleMember } from './ensemble-types.js';

/** How many past answers the catalog prior is worth: learned evidence takes over after a few dozen runs. */
export const PRIOR_STRENGTH = 10;
const DEFAULT_RELIABILITY = 0.6;
/** Output tokens assumed for a member answer when estimating its cost. */
export const EXPECTED_OUTPUT_TOKENS = 400;

export interface WeighOptions {
  models: string[];
  taskType: string;
  profile: (id: string) => ModelProfile | undefined;
  settings: Pick<EnsembleConfig, 'weights' | 'learnWeights'>;
  /** Past member outcomes for this task type (from the store). */
  trackRecords?: Map<string, MemberTrackRecord>;
  /** Prompt size in tokens, for the cost estimate. */
  promptTokens: number;
}

/**
 * Each member's reliability for the task type: a configured weight wins; otherwise the catalog's quality prior
 * for the task class, updated by the member's track record (a Beta posterior with the prior worth
 * PRIOR_STRENGTH answers). Also estimates one call's cost from the price, so cascades can go cheapest first.
 */
export function weighMembers(options: WeighOptions): EnsembleMember[] {
  return options.models.map((model) => {
    const profile = options.profile(model);
    const estimatedCostUsd = profile
      ? (options.promptTokens * profile.price.inputPerMTok +
          EXPECTED_OUTPUT_TOKENS * profile.price.outputPerMTok) /
        1_000_000
      : 0;
    const configured = options.settings.weights[model];
    if (configured !== undefined)
      return { model, reliability: configured, estimatedCostUsd, source: 'config' };
    const prior = catalogPrior(profile, options.taskType);
    const record = options.settings.learnWeights ? options.trackRecords?.get(model) : undefined;
    if (record && record.trials > 0)
      return {
        model,
        reliability: (prior * PRIOR_STRENGTH + record.successes) / (PRIOR_STRENGTH + record.trials),
        estimatedCostUsd,
        source: 'learned',
      };
    return { model, reliability: prior, estimatedCostUsd, source: 'catalog' };
  });
}

/** The catalog's quality for the task class, else its general quality, else the mean of what it has. */
export function catalogPrior(profile: ModelProfile | undefined, taskType: string): number {
  if (!profile) return DEFAULT_RELIABILITY;
  const byTask = isTaskClass(taskType) ? profile.quality[taskType] : undefined;
  if (byTask !== undefined) return byTask;
  if (profile.quality.general !== undefined) return profile.quality.general;
  const known = Object.values(profile.quality).filter((value): value is number => value !== undefined);
  return known.length > 0 ? known.reduce((sum, value) => sum + value, 0) / known.length : DEFAULT_RELIABILITY;
}
