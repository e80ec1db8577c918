import type { ModelProfile } from '../../core/model-profile.js';
import type { EvidenceSource } from '../estimates.js';
import { predictSuccessVector } from '../learned/predict-success.js';
import type { RouterModel } from '../learned/router-model.js';

/**
 * The per-query learned router as router evidence: each candidate whose id or alias matches a model the
 * router was trained on gets its predicted probability of success for this very prompt as its quality.
 */
export function createLearnedPredictor(model: RouterModel): NonNullable<EvidenceSource['predict']> {
  const positions = new Map(model.models.map((name, index) => [name.toLowerCase(), index]));
  const indexFor = new WeakMap<ModelProfile, number | null>();
  const lookup = (profile: ModelProfile): number | null => {
    let index = indexFor.get(profile);
    if (index === undefined) {
      index =
        [profile.id, ...(profile.aliases ?? [])]
          .map((name) => positions.get(name.toLowerCase()))
          .find((found) => found !== undefined) ?? null;
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
