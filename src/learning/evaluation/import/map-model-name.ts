import { findModel } from '../../../catalog/find-model.js';
import type { ModelProfile } from '../../../core/model-profile.js';

/**
 * Dataset spellings of catalog models that the catalog's own aliases do not cover. Only the same model
 * (same weights, same instruction tuning) belongs here: RouterBench's "mixtral-8x7b-chat" is
 * Mixtral-8x7B-Instruct-v0.1; its "mistral-7b-chat" is v0.1/v0.2, not the catalog's v0.3, so it stays unmapped.
 */
const DATASET_ALIASES: Record<string, string> = {
  'mixtral-8x7b-chat': 'mixtral-8x7b-instruct',
};

/**
 * The catalog id for a dataset's model name: an explicit mapping first, then the catalog (id, alias or
 * provider model id) by the full name and by its last path segment ("zero-one-ai/Yi-34B-Chat" → "Yi-34B-Chat"),
 * then the dataset aliases above; undefined when nothing matches.
 */
export function mapModelName(
  name: string,
  profiles: readonly ModelProfile[],
  explicit: Readonly<Record<string, string>> = {},
): string | undefined {
  const mapped = explicit[name];
  if (mapped) return findModel(profiles, mapped)?.id ?? mapped;
  const segment = name.split('/').pop() ?? name;
  return (
    findModel(profiles, name)?.id ??
    findModel(profiles, segment)?.id ??
    (DATASET_ALIASES[segment.toLowerCase()] &&
      findModel(profiles, DATASET_ALIASES[segment.toLowerCase()]!)?.id)
  );
}
