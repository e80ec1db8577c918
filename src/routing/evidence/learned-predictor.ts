import { findModel } from '../../catalog/find-model.js';
import type { ModelProfile } from '../../core/model-profile.js';
import type { EvidenceSource } from '../estimates.js';
import { predictSuccessVector } from '../learned/predict-success.js';
import type { RouterModel } from '../learned/router-model.js';

/**
 * The per-query learned router as router evidence: each candidate whose id or alias matches a model the
 * router was trained on gets its predicted probability of success for this very prompt as its quality.
 */
export function createLearnedPredictor(model: RouterModel): NonNullable<EvidenceSource['predict']> {
  const indexFor = new WeakMap<ModelProfile, number | null>();
  // The same names `conclave router train` reports: id, alias or provider model id.
  const lookup = (profile: ModelProfile): number | null => {
    let index = indexFor.get(profile);
    if (index === undefined) {
      const exact = model.models.findIndex((name) => name.toLowerCase() === profile.id.toLowerCase());
      const found = exact >= 0 ? exact : model.models.findIndex((name) => findModel([profile], name));
      index = found >= 0 ? found : null;
      indexFor.set(profile, index);
    }
    return index;
  };
  return (text, candidates) => {
    const mapped = candidates
      .map((profile) => [profile.id, lookup(profile)] as const)
      .filter((entry): entry is readonly [string, number] => entry[1] !== null);
    if (mapped.length === 0) return undefined;
    const vector = predictSuccessVector(model, text);
    return new Map(mapped.map(([id, index]) => [id, vector[index] as number]));
  };
}
