import { ConclaveError } from '../../core/conclave-error.js';
import type { ModelProfile } from '../../core/model-profile.js';
import type { OrchestrationContext } from '../orchestration-context.js';

export interface Eligibility {
  consent?: boolean;
  localOnly?: boolean;
  allow?: string[];
  deny?: string[];
}

/** Chat models that may answer now: available, circuit closed, allowed by privacy and the request's lists. */
export function eligibleModels(context: OrchestrationContext, eligibility: Eligibility): ModelProfile[] {
  return context.profiles().filter((profile) => whyIneligible(context, profile, eligibility) === undefined);
}

/** Why a model cannot be a member now, with what to do about it; undefined when it can. */
export function whyIneligible(
  context: OrchestrationContext,
  profile: ModelProfile,
  { consent, localOnly, allow, deny }: Eligibility,
): string | undefined {
  if (profile.strengths.includes('embedding')) return 'is an embedding model';
  if (!profile.available)
    return `is not available (${profile.unavailableReason ?? 'provider not configured'})`;
  const blocked = context.blockReason(profile.id);
  if (blocked) return `is blocked right now (${blocked})`;
  if (profile.location === 'external') {
    if (localOnly) return 'is a cloud model and the request must stay local';
    if (!context.config.privacy.allowExternal && !consent)
      return 'is a cloud model: pass --allow-external (or set privacy.allowExternal) to consent';
  }
  if (allow && allow.length > 0 && !allow.some((pattern) => matches(pattern, profile)))
    return 'is not in the allow list';
  if (deny?.some((pattern) => matches(pattern, profile))) return 'is in the deny list';
  return undefined;
}

/** Resolves explicitly named members (ids or aliases); unknown or ineligible ones are a one-line error. */
export function resolveNamedMembers(
  context: OrchestrationContext,
  names: string[],
  eligibility: Eligibility,
  eligible: ModelProfile[],
): string[] {
  const resolved: string[] = [];
  for (const name of names) {
    const profile = context.profile(name);
    if (!profile)
      throw new ConclaveError(
        'bad-request',
        `Unknown member model "${name}". Available models: ${listIds(eligible)}.`,
        {
          param: 'members',
          hint: 'See every model with `conclave models --available`.',
        },
      );
    const why = whyIneligible(context, profile, eligibility);
    if (why)
      throw new ConclaveError(
        why.startsWith('is a cloud model:') ? 'consent-required' : 'bad-request',
        `Member "${profile.id}" ${why}. Available models: ${listIds(eligible)}.`,
        { param: 'members', model: profile.id },
      );
    if (!resolved.includes(profile.id)) resolved.push(profile.id);
  }
  return resolved;
}

export function listIds(profiles: readonly ModelProfile[]): string {
  if (profiles.length === 0) return 'none';
  const ids = profiles.map((profile) => profile.id);
  return ids.length > 20 ? `${ids.slice(0, 20).join(', ')}, … (${ids.length} in all)` : ids.join(', ');
}

function matches(pattern: string, profile: ModelProfile): boolean {
  if (pattern === profile.id || pattern === profile.provider) return true;
  if (profile.aliases?.includes(pattern)) return true;
  return pattern.endsWith('*') && profile.id.startsWith(pattern.slice(0, -1));
}
