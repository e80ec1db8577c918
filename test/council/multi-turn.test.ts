import { afterEach, describe, expect, it } from 'vitest';
import {
  CHAIRMAN,
  type CouncilFixture,
  createCouncilFixture,
  defaultScript,
  memberOf,
} from './council-fixture.js';
import { runToEnd } from './run-to-end.js';

const PAIR = ['strategist', 'engineer'];

describe('multi-turn councils', () => {
  let fixture: CouncilFixture;
  afterEach(() => fixture.close());

  it('a session stores the conversation and the next run continues it', async () => {
    let turn = 0;
    fixture = await createCouncilFixture({
      script: defaultScript({ synthesis: () => `Council answer ${++turn}` }),
    });
    await runToEnd(fixture.context, {
      question: 'Should we build a habit app?',
      agents: PAIR,
      date: '2025-11-07',
      sessionId: 's-1',
    });
    fixture.received.length = 0;
    const { run } = await runToEnd(fixture.context, {
      question: 'And how do we price it?',
      agents: PAIR,
      date: '2025-11-07',
      sessionId: 's-1',
    });
    expect(run.history).toEqual([
      { role: 'user', content: 'Should we build a habit app?' },
      { role: 'assistant', content: 'Council answer 1' },
    ]);
    // Members get the earlier turns as real messages before the new question.
    const answer = fixture.callsOf('answer').find((call) => memberOf(call) === 'engineer')!;
    expect(answer.prompt.slice(1)).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Should we build a habit app?' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Council answer 1' }] },
      { role: 'user', content: [{ type: 'text', text: 'And how do we price it?' }] },
    ]);
    expect(fixture.callsOf('review')[0]?.lastUser).toContain(
      'Conversation so far:\nUser: Should we build a habit app?\n\nCouncil: Council answer 1',
    );
    const synthesis = fixture.callsOf('synthesis')[0]!;
    expect(synthesis.model).toBe(CHAIRMAN);
    expect(JSON.stringify(synthesis.prompt)).toContain('Council answer 1');
    const turns = fixture.engine.database
      .prepare(
        "SELECT position, role, content FROM council_session_turns WHERE session_id = 's-1' ORDER BY position",
      )
      .all();
    expect(turns).toEqual([
      { position: 0, role: 'user', content: 'Should we build a habit app?' },
      { position: 1, role: 'assistant', content: 'Council answer 1' },
      { position: 2, role: 'user', content: 'And how do we price it?' },
      { position: 3, role: 'assistant', content: 'Council answer 2' },
    ]);
  });

  it('history passed in (as gateway clients do) is used instead of the stored one', async () => {
    fixture = await createCouncilFixture();
    const { run } = await runToEnd(fixture.context, {
      question: 'Follow-up?',
      agents: PAIR,
      date: '2025-11-07',
      history: [
        { role: 'user', content: 'First question' },
        { role: 'assistant', content: 'First answer' },
      ],
    });
    expect(run.history).toHaveLength(2);
    const answer = fixture.callsOf('answer')[0]!;
    expect(answer.prompt.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user']);
  });
});
