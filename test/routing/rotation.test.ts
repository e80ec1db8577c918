import { describe, expect, it } from 'vitest';
import { BUILTIN_ARCHETYPES } from '../../src/catalog/archetypes.js';
import type { ModelProfile } from '../../src/core/model-profile.js';
import { assignModels, rotationDay } from '../../src/routing/rotation.js';

const profile = (id: string, available = true): ModelProfile =>
  ({ id, available, unavailableReason: available ? undefined : 'set GROQ_API_KEY' }) as ModelProfile;

describe('daily rotation', () => {
  it('index = day of year mod 3 (2025-11-07 is day 311, index 2)', () => {
    expect(rotationDay({ date: '2025-11-07' })).toEqual({ date: '2025-11-07', dayOfYear: 311, index: 2 });
    expect(rotationDay({ date: '2025-11-05' }).index).toBe(0);
    expect(rotationDay({ date: '2024-12-31' }).dayOfYear).toBe(366);
    expect(rotationDay({ date: '2024-02-29' }).dayOfYear).toBe(60);
  });

  it('a date that is not a real calendar day is refused, never rolled over', () => {
    for (const date of ['2025-13-45', '2025-02-29', '2025-04-31', '2025-00-10', '2025-1-7', 'tomorrow'])
      expect(() => rotationDay({ date }), date).toThrow(`Invalid date "${date}"`);
  });

  it('the day is taken in the configured timezone', () => {
    const instant = new Date('2025-11-07T23:30:00Z');
    expect(rotationDay({ timezone: 'UTC', now: instant }).date).toBe('2025-11-07');
    expect(rotationDay({ timezone: 'Asia/Tokyo', now: instant }).date).toBe('2025-11-08');
    expect(rotationDay({ timezone: 'America/Los_Angeles', now: instant }).date).toBe('2025-11-07');
    expect(() => rotationDay({ timezone: 'Mars/Olympus' })).toThrow(/Unknown timezone/);
  });

  it('on index 2 every archetype gets the brief’s assignment', () => {
    const all = (id: string) => profile(id);
    const assignments = assignModels(BUILTIN_ARCHETYPES, rotationDay({ date: '2025-11-07' }), all);
    expect(Object.fromEntries(assignments.map((entry) => [entry.archetype, entry.model]))).toEqual({
      strategist: 'llama-3.1-8b-instruct',
      architect: 'mistral-7b-instruct-v0.3',
      engineer: 'phi-3.5-mini-instruct',
      designer: 'mistral-7b-instruct-v0.3',
      entrepreneur: 'llama-3.1-8b-instruct',
      futurist: 'qwen2.5-7b-instruct',
      economist: 'llama-3.2-3b-instruct',
      ethicist: 'mistral-7b-instruct-v0.3',
      philosopher: 'gemma-2-9b-it',
      cultural_translator: 'gemma-2-9b-it',
    });
  });

  it('an unavailable or circuit-open model is skipped to the next preference, and the skip is reported', () => {
    const lookup = (id: string) => profile(id, id !== 'llama-3.1-8b-instruct');
    const [strategist] = assignModels(
      BUILTIN_ARCHETYPES.slice(0, 1),
      rotationDay({ date: '2025-11-07' }),
      lookup,
    );
    expect(strategist).toMatchObject({
      preferred: 'llama-3.1-8b-instruct',
      model: 'mistral-7b-instruct-v0.3',
    });
    expect(strategist?.skipped).toEqual([
      { model: 'llama-3.1-8b-instruct', because: 'unavailable (set GROQ_API_KEY)' },
    ]);
    const [open] = assignModels(
      BUILTIN_ARCHETYPES.slice(0, 1),
      rotationDay({ date: '2025-11-05' }),
      (id) => profile(id),
      (model) => (model.id === 'mistral-7b-instruct-v0.3' ? 'circuit open' : undefined),
    );
    expect(open).toMatchObject({ preferred: 'mistral-7b-instruct-v0.3', model: 'qwen2.5-7b-instruct' });
  });
});
