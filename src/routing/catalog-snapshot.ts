import type { ModelProfile } from '../core/model-profile.js';

export interface CatalogSnapshot {
  available: ModelProfile[];
  unavailable: { model: string; because: string }[];
  find(name: string): ModelProfile | undefined;
}

const snapshots = new WeakMap<readonly ModelProfile[], CatalogSnapshot>();
/** Per catalog version: available models, the static exclusions of the rest, and an id/alias index. */
export function catalogSnapshot(profiles: readonly ModelProfile[]): CatalogSnapshot {
  let snapshot = snapshots.get(profiles);
  if (!snapshot) {
    const index = new Map<string, ModelProfile>();
    for (const profile of profiles) {
      for (const name of [...(profile.aliases ?? []), `${profile.provider}/${profile.providerModelId}`]) {
        if (!index.has(name.toLowerCase())) index.set(name.toLowerCase(), profile);
      }
    }
    for (const profile of profiles) index.set(profile.id.toLowerCase(), profile);
    snapshot = {
      available: profiles.filter((profile) => profile.available),
      unavailable: profiles
        .filter((profile) => !profile.available)
        .map((profile) => ({
          model: profile.id,
          because: `not available (${profile.unavailableReason ?? 'provider not configured'})`,
        })),
      find: (name) => index.get(name.trim().toLowerCase()),
    };
    snapshots.set(profiles, snapshot);
  }
  return snapshot;
}

let cachedProfiles: readonly ModelProfile[] | undefined;
let cachedSmallest = 0;
/** The smallest context window among available models, cached per catalog snapshot. */
export function smallestContextWindow(profiles: readonly ModelProfile[]): number {
  if (profiles !== cachedProfiles) {
    cachedProfiles = profiles;
    cachedSmallest = Math.min(
      ...profiles.filter((profile) => profile.available).map((profile) => profile.contextWindow),
      Number.MAX_SAFE_INTEGER,
    );
  }
  return cachedSmallest;
}
