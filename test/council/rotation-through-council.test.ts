import { afterEach, describe, expect, it } from 'vitest';
import { type CouncilFixture, createCouncilFixture, memberOf } from './council-fixture.js';
import { runToEnd } from './run-to-end.js';

/** The brief's table for rotation index 2 (day 311, 2025-11-07): every archetype on its third preference. */
const BRIEF_INDEX_2: Record<string, string> = {
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
};

/** Which model each archetype's stage-1 prompt actually went to. */
function answeredOn(fixture: CouncilFixture): Record<string, string> {
  return Object.fromEntries(fixture.callsOf('answer').map((call) => [memberOf(call), call.model]));
}

describe('daily rotation through the council', () => {
  let fixture: CouncilFixture;
  afterEach(() => fixture.close());

  it('on day 311 all ten archetypes answer on the models the brief lists', async () => {
    fixture = await createCouncilFixture();
    const { run } = await runToEnd(fixture.context, {
      question: 'q',
      agents: Object.keys(BRIEF_INDEX_2),
      date: '2025-11-07',
      review: false,
    });
    expect(run.day).toEqual({ date: '2025-11-07', dayOfYear: 311, index: 2 });
    expect(answeredOn(fixture)).toEqual(BRIEF_INDEX_2);
    expect(run.members.every((member) => member.why.includes('preference 3 of 3'))).toBe(true);
  });

  it.each([
    [
      '2025-11-05',
      309,
      {
        strategist: 'mistral-7b-instruct-v0.3',
        engineer: 'llama-3.2-3b-instruct',
        designer: 'gemma-2-9b-it',
        philosopher: 'qwen2.5-7b-instruct',
      },
    ],
    [
      '2025-11-06',
      310,
      {
        strategist: 'qwen2.5-7b-instruct',
        engineer: 'qwen2.5-7b-instruct',
        designer: 'llama-3.2-3b-instruct',
        philosopher: 'phi-3.5-mini-instruct',
      },
    ],
    [
      '2025-11-07',
      311,
      {
        strategist: 'llama-3.1-8b-instruct',
        engineer: 'phi-3.5-mini-instruct',
        designer: 'mistral-7b-instruct-v0.3',
        philosopher: 'gemma-2-9b-it',
      },
    ],
  ])('on %s (day %i) each member answers on its rotated model', async (date, dayOfYear, expected) => {
    fixture = await createCouncilFixture();
    const { run } = await runToEnd(fixture.context, {
      question: 'q',
      agents: ['strategist', 'engineer', 'designer', 'philosopher'],
      date,
      review: false,
    });
    expect(run.day.dayOfYear).toBe(dayOfYear);
    expect(answeredOn(fixture)).toEqual(expected);
  });

  it.each([
    // 03:00 UTC on Nov 7 is still Nov 6 in New York (day 310, index 1) …
    ['America/New_York', '2025-11-07T03:00:00Z', '2025-11-06', 'qwen2.5-7b-instruct'],
    ['UTC', '2025-11-07T03:00:00Z', '2025-11-07', 'llama-3.1-8b-instruct'],
    // … and 20:00 UTC on Nov 6 is already Nov 7 in Tokyo (day 311, index 2).
    ['Asia/Tokyo', '2025-11-06T20:00:00Z', '2025-11-07', 'llama-3.1-8b-instruct'],
    ['UTC', '2025-11-06T20:00:00Z', '2025-11-06', 'qwen2.5-7b-instruct'],
    ['Pacific/Kiritimati', '2025-11-04T12:00:00Z', '2025-11-05', 'mistral-7b-instruct-v0.3'],
  ])('in %s at %s "today" is %s: the strategist answers on %s', async (timezone, now, date, model) => {
    fixture = await createCouncilFixture({ config: { rotation: { timezone } } });
    const { run } = await runToEnd(fixture.context, {
      question: 'q',
      agents: ['strategist', 'engineer'],
      now: new Date(now),
      review: false,
    });
    expect(run.day.date).toBe(date);
    expect(answeredOn(fixture).strategist).toBe(model);
  });

  it('skips an unavailable preferred model for the next preference, and says why', async () => {
    fixture = await createCouncilFixture({ unavailable: ['llama-3.1-8b-instruct'] });
    const { run } = await runToEnd(fixture.context, {
      question: 'q',
      agents: ['strategist', 'engineer'],
      date: '2025-11-07',
      review: false,
    });
    const strategist = run.members.find((member) => member.archetype === 'strategist')!;
    // Index 2 wraps around to the first preference.
    expect(strategist.model).toBe('mistral-7b-instruct-v0.3');
    expect(strategist.preferred).toBe('llama-3.1-8b-instruct');
    expect(strategist.why).toMatch(/preference 1 of 3; skipped llama-3.1-8b-instruct: unavailable/);
    expect(answeredOn(fixture).strategist).toBe('mistral-7b-instruct-v0.3');
  });

  it('a custom model added to an archetype rotation is used on its day', async () => {
    fixture = await createCouncilFixture({
      config: {
        archetypes: {
          strategist: {
            preferences: [
              'gemma-2-9b-it',
              'qwen2.5-7b-instruct',
              'phi-3.5-mini-instruct',
              'llama-3.2-3b-instruct',
            ],
          },
        },
      },
    });
    // Day 311 with four preferences: index 311 % 4 = 3.
    await runToEnd(fixture.context, {
      question: 'q',
      agents: ['strategist', 'engineer'],
      date: '2025-11-07',
      review: false,
    });
    expect(answeredOn(fixture).strategist).toBe('llama-3.2-3b-instruct');
  });
});
