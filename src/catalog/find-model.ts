import { ConclaveError } from '../core/conclave-error.js';
import type { ModelProfile } from '../core/model-profile.js';

/** Looks a model up by id, alias, provider model id or `provider/model`, ignoring case. */
export function findModel(profiles: readonly ModelProfile[], name: string): ModelProfile | undefined {
  const wanted = name.trim().toLowerCase();
  return (
    profiles.find((profile) => profile.id.toLowerCase() === wanted) ??
    profiles.find((profile) =>
      [
        ...(profile.aliases ?? []),
        profile.providerModelId,
        `${profile.provider}/${profile.providerModelId}`,
        `${profile.provider}:${profile.providerModelId}`,
      ].some((alias) => alias.toLowerCase() === wanted),
    )
  );
}

export function requireModel(profiles: readonly ModelProfile[], name: string): ModelProfile {
  const found = findModel(profiles, name);
  if (found) return found;
  const suggestions = closestIds(profiles, name);
  throw new ConclaveError('not-found', `Unknown model "${name}".`, {
    param: 'model',
    hint: suggestions.length
      ? `Did you mean ${suggestions.map((id) => `"${id}"`).join(' or ')}? Run \`conclave models\` to list all models.`
      : 'Run `conclave models` to list all models.',
  });
}

function closestIds(profiles: readonly ModelProfile[], name: string): string[] {
  const wanted = name.toLowerCase();
  return profiles
    .map((profile) => ({ id: profile.id, distance: editDistance(profile.id.toLowerCase(), wanted) }))
    .filter(
      (candidate) =>
        candidate.distance <= Math.max(2, Math.floor(wanted.length / 3)) || candidate.id.includes(wanted),
    )
    .sort((left, right) => left.distance - right.distance)
    .slice(0, 2)
    .map((candidate) => candidate.id);
}

function editDistance(left: string, right: string): number {
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let i = 1; i <= left.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= right.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (left[i - 1] === right[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[right.length] ?? 0;
}
