import type { Archetype } from '../catalog/archetypes.js';
import { ConclaveError } from '../core/conclave-error.js';
import type { ModelProfile } from '../core/model-profile.js';

export interface RotationDay {
  /** YYYY-MM-DD in the configured timezone. */
  date: string;
  dayOfYear: number;
  index: number;
}

export interface Assignment {
  archetype: string;
  focus: string;
  /** The model today's rotation index points at. */
  preferred: string;
  /** The model that will actually be used (the next available preference when the preferred one is not). */
  model: string | undefined;
  skipped: { model: string; because: string }[];
}

/** Day of year in a timezone (1-based) and rotation index = day-of-year mod the preference count. */
export function rotationDay({
  date,
  timezone = 'UTC',
  now = new Date(),
}: {
  date?: string;
  timezone?: string;
  now?: Date;
}): RotationDay {
  let ymd = date;
  if (!ymd) {
    try {
      ymd = new Intl.DateTimeFormat('en-CA', {
        timeZone: timezone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      }).format(now);
    } catch {
      throw new ConclaveError('config', `Unknown timezone "${timezone}".`, {
        hint: 'Use an IANA name such as UTC, Europe/Paris or America/New_York.',
      });
    }
  }
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  const [year, month, day] = [Number(match?.[1]), Number(match?.[2]), Number(match?.[3])];
  // Date.UTC rolls over (month 13, day 45) instead of failing: a real date reads back as itself.
  const parsed = new Date(Date.UTC(year, month - 1, day));
  if (
    !match ||
    parsed.getUTCFullYear() !== year ||
    parsed.getUTCMonth() !== month - 1 ||
    parsed.getUTCDate() !== day
  ) {
    throw new ConclaveError('bad-request', `Invalid date "${ymd}": no such day.`, {
      hint: 'Use YYYY-MM-DD with a real calendar day, e.g. 2025-11-07.',
    });
  }
  const dayOfYear = Math.round((Date.UTC(year, month - 1, day) - Date.UTC(year, 0, 0)) / 86_400_000);
  return { date: ymd, dayOfYear, index: dayOfYear % 3 };
}

/**
 * Each archetype's model for the day: its preference at the rotation index, or — when that model is
 * unavailable or its circuit is open — the next preference, wrapping around; every skip says why.
 */
export function assignModels(
  archetypes: readonly Archetype[],
  day: RotationDay,
  profile: (id: string) => ModelProfile | undefined,
  blockReason: (model: ModelProfile) => string | undefined = () => undefined,
): Assignment[] {
  return archetypes.map((archetype) => {
    const count = archetype.preferences.length;
    const start = day.dayOfYear % count;
    const skipped: Assignment['skipped'] = [];
    let model: string | undefined;
    for (let offset = 0; offset < count; offset += 1) {
      const candidate = archetype.preferences[(start + offset) % count]!;
      const found = profile(candidate);
      const because = !found
        ? 'not in the catalog'
        : !found.available
          ? `unavailable (${found.unavailableReason ?? 'not configured'})`
          : blockReason(found);
      if (!because) {
        model = found!.id;
        break;
      }
      skipped.push({ model: candidate, because });
    }
    return {
      archetype: archetype.name,
      focus: archetype.focus,
      preferred: archetype.preferences[start]!,
      model,
      skipped,
    };
  });
}
