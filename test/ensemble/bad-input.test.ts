import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConclaveError } from '../../src/core/conclave-error.js';
import { createEnsembleFixture, type EnsembleFixture } from './ensemble-fixture.js';

describe('bad input fails in one line, before any model is called', () => {
  let fixture: EnsembleFixture;
  beforeAll(async () => {
    fixture = await createEnsembleFixture({ script: () => 'should never be called' });
  });
  afterAll(() => fixture.close());

  const failure = async (input: Parameters<EnsembleFixture['run']>[0]) => {
    const error = await fixture.run(input).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConclaveError);
    expect(fixture.received).toHaveLength(0);
    expect((error as ConclaveError).message).not.toContain('\n');
    return error as ConclaveError;
  };

  it('an unknown strategy lists the valid ones', async () => {
    const error = await failure({ strategy: 'majority' });
    expect(error.message).toBe(
      'Unknown ensemble strategy "majority". Valid strategies: best-of-n, weighted, consensus, specialization, moa, cascade.',
    );
    expect(error.kind).toBe('bad-request');
  });

  it('more members than available models lists the available ones', async () => {
    const error = await failure({ strategy: 'weighted', numModels: 9 });
    expect(error.message).toBe(
      '--models 9 asks for 9 members, but only 5 models are available: llama-3.2-3b-instruct, qwen2.5-7b-instruct, mistral-7b-instruct-v0.3, llama-3.1-8b-instruct, llama-3.3-70b-instruct.',
    );
  });

  it('a consensus threshold outside 0..1', async () => {
    const error = await failure({ strategy: 'consensus', threshold: 1.5 });
    expect(error.message).toBe(
      'Consensus threshold 1.5 is outside 0..1. Valid: a number from 0 to 1, e.g. 0.67 (two thirds must agree) or 1 (all must agree).',
    );
    await failure({ strategy: 'cascade', threshold: -0.1 });
  });

  it('an unknown member, an unknown task type, an empty question', async () => {
    expect((await failure({ members: ['gpt-17'] })).message).toMatch(
      /^Unknown member model "gpt-17"\. Available models: llama-3\.2-3b-instruct, /,
    );
    expect((await failure({ taskType: 'poetry' })).message).toMatch(
      /^Unknown task type "poetry"\. Valid task types: quick, deep, code, math, creative, analysis, tool-use, general/,
    );
    expect((await failure({ question: '   ' })).message).toContain(
      'the last message must be a non-empty user message',
    );
  });

  it('an unavailable member says why', async () => {
    const error = await failure({ members: ['gpt-4o'] });
    expect(error.message).toMatch(/^Member "gpt-4o" is not available \(.+\)\. Available models: /);
  });

  it('consensus needs two members', async () => {
    expect((await failure({ strategy: 'consensus', members: ['llama-3.1-8b-instruct'] })).message).toBe(
      'Consensus needs at least 2 members (got 1).',
    );
  });
});
