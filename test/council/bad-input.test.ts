import { afterEach, describe, expect, it } from 'vitest';
import { configSchema } from '../../src/config/config-schema.js';
import { ConclaveError } from '../../src/core/conclave-error.js';
import type { CouncilInput } from '../../src/orchestration/council/resolve-council.js';
import { startCouncil } from '../../src/orchestration/council/run-council.js';
import { type CouncilFixture, createCouncilFixture } from './council-fixture.js';

const ARCHETYPES =
  'Valid archetypes: strategist, architect, engineer, designer, entrepreneur, futurist, economist, ethicist, philosopher, cultural_translator.';

describe('bad council input fails before any model is called, leaving nothing in the store', () => {
  let fixture: CouncilFixture;
  afterEach(() => {
    expect(fixture.received).toEqual([]);
    for (const table of [
      'council_runs',
      'council_calls',
      'council_rankings',
      'council_session_turns',
      'preference_pairs',
      'training_examples',
    ])
      expect(fixture.engine.database.prepare(`SELECT COUNT(*) AS count FROM ${table}`).get()).toEqual({
        count: 0,
      });
    return fixture.close();
  });

  const attempt = (input: Partial<CouncilInput>) => () =>
    startCouncil(fixture.context, { question: 'q', date: '2025-11-07', ...input });

  const errorOf = (input: Partial<CouncilInput>): ConclaveError => {
    try {
      attempt(input)();
    } catch (error) {
      if (error instanceof ConclaveError) return error;
      throw error;
    }
    throw new Error('expected the council to refuse this input');
  };

  it.each<[string, Partial<CouncilInput>, string]>([
    [
      'an unknown archetype',
      { agents: ['strategist', 'wizard'] },
      `Unknown archetype "wizard". ${ARCHETYPES}`,
    ],
    ['an empty agent list', { agents: [] }, `No agents given. ${ARCHETYPES}`],
    [
      'a council of one',
      { agents: ['strategist'] },
      `A council needs at least two agents, got only "strategist". ${ARCHETYPES}`,
    ],
    [
      'an archetype listed twice',
      { agents: ['engineer', 'engineer'] },
      `Archetype "engineer" is listed twice. ${ARCHETYPES}`,
    ],
    [
      'an unknown preset',
      { preset: 'marketing' },
      'Unknown council preset "marketing". Valid presets: default, product.',
    ],
    [
      'too many rounds',
      { agents: ['strategist', 'engineer'], rounds: 9 },
      'Invalid number of rounds 9: use a whole number from 1 to 5.',
    ],
    [
      'an empty question',
      { agents: ['strategist', 'engineer'], question: '  ' },
      'No question given for the council.',
    ],
    [
      'agents and a preset',
      { agents: ['strategist', 'engineer'], preset: 'product' },
      'Give either agents or a preset, not both.',
    ],
  ])('%s', async (_name, input, message) => {
    fixture = await createCouncilFixture();
    const error = errorOf(input);
    expect(error.kind).toBe(input.preset && !input.agents ? 'not-found' : 'bad-request');
    expect(error.message).toBe(message);
  });

  it('a preset naming an unknown archetype', async () => {
    fixture = await createCouncilFixture({
      config: { council: { presets: { broken: { agents: ['strategist', 'wizard'] } } } },
    });
    expect(attempt({ preset: 'broken' })).toThrow(
      `Unknown archetype "wizard" in council preset "broken". ${ARCHETYPES}`,
    );
    expect(attempt({ preset: 'nope' })).toThrow(
      'Unknown council preset "nope". Valid presets: default, product, broken.',
    );
  });

  it('an unknown chairman', async () => {
    fixture = await createCouncilFixture();
    expect(attempt({ agents: ['strategist', 'engineer'], chairman: 'gpt-9' })).toThrow(
      'Unknown model "gpt-9".',
    );
  });

  it('an unavailable chairman', async () => {
    fixture = await createCouncilFixture();
    expect(attempt({ agents: ['strategist', 'engineer'], chairman: 'gpt-4o' })).toThrow(
      /^Chairman model gpt-4o cannot be used: unavailable \(set OPENAI_API_KEY\)\.$/,
    );
  });

  it('members without any available model', async () => {
    fixture = await createCouncilFixture({
      unavailable: ['llama-3.2-3b-instruct', 'qwen2.5-7b-instruct', 'phi-3.5-mini-instruct'],
    });
    expect(attempt({ agents: ['strategist', 'engineer'] })).toThrow(
      /^Only 1 of 2 council members have an available model: engineer: no available model \(phi-3.5-mini-instruct unavailable/,
    );
  });
});

describe('council config', () => {
  it('rejects a one-agent preset and bad preset names, and fills in defaults', () => {
    const one = configSchema.safeParse({ council: { presets: { solo: { agents: ['strategist'] } } } });
    expect(one.success).toBe(false);
    expect(one.error?.issues[0]?.message).toBe('a council needs at least two agents');
    const named = configSchema.safeParse({
      council: { presets: { 'Bad Name': { agents: ['strategist', 'engineer'] } } },
    });
    expect(named.success).toBe(false);
    expect(configSchema.parse({}).council).toEqual({
      presets: {},
      review: true,
      rounds: 1,
      budget: { maxCostUsd: 1, maxSeconds: 600 },
    });
  });
});
