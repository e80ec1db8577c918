import { afterEach, describe, expect, it } from 'vitest';
import { answers, createEnsembleFixture, type EnsembleFixture, MEMBERS } from './ensemble-fixture.js';

describe('specialization and mixture-of-agents', () => {
  let fixture: EnsembleFixture | undefined;
  afterEach(async () => {
    await fixture?.close();
    fixture = undefined;
  });

  it('specialization picks the top models for the task type and answers without extra calls', async () => {
    const code = 'def search(items, target):\n    low, high = 0, len(items) - 1\n    return low';
    fixture = await createEnsembleFixture({
      members: MEMBERS.map((member) =>
        member.id === 'llama-3.2-3b-instruct' || member.id === 'qwen2.5-7b-instruct'
          ? { ...member, qualityByTask: { code: 0.95 } }
          : { ...member, qualityByTask: { code: 0.3 } },
      ),
      script: answers({
        'llama-3.2-3b-instruct': `Here is a binary search:\n\n${code}`,
        'qwen2.5-7b-instruct': `Binary search:\n\n${code}\n`,
      }),
    });
    const run = await fixture.run({
      question: 'Write a binary search in Python',
      strategy: 'specialization',
      numModels: 2,
      taskType: 'code',
    });
    expect(run.taskType).toBe('code');
    expect(run.modelsUsed.sort()).toEqual(['llama-3.2-3b-instruct', 'qwen2.5-7b-instruct']);
    expect(run.plan.map((member) => member.reliability)).toEqual([0.95, 0.95]);
    expect(fixture.received).toHaveLength(2);
    expect(run.modelsAgreed).toBe(true);
    expect(run.answer).toContain('def search');
  });

  it('specialization detects the task type when none is given', async () => {
    fixture = await createEnsembleFixture({
      script: () => '```python\nprint(1)\n```',
    });
    const run = await fixture.run({
      question: 'Debug this Python function:\n```python\ndef f(x):\n    return x +\n```',
      strategy: 'specialization',
      numModels: 2,
    });
    expect(run.taskType).toBe('code');
    expect(run.format).toBe('free');
  });

  it('moa: layer 2 proposers see layer 1 answers; the aggregator writes the final answer', async () => {
    fixture = await createEnsembleFixture({
      script: (call) => {
        if (call.kind === 'answer') return `draft by ${call.model}`;
        if (
          call.kind === 'moa' &&
          call.model === 'llama-3.3-70b-instruct' &&
          call.system.includes('refined by')
        )
          return 'final synthesis';
        if (call.kind === 'moa') return `refined by ${call.model}`;
        return 'unexpected';
      },
    });
    const members = ['llama-3.1-8b-instruct', 'qwen2.5-7b-instruct'];
    const run = await fixture.run({
      question: 'Plan a weekend in Rome.',
      strategy: 'moa',
      members,
      aggregator: 'llama-3.3-70b-instruct',
      layers: 2,
    });
    const layerTwo = fixture.calls('moa').filter((call) => members.includes(call.model));
    expect(layerTwo).toHaveLength(2);
    for (const call of layerTwo) {
      expect(call.system).toContain('draft by llama-3.1-8b-instruct');
      expect(call.system).toContain('draft by qwen2.5-7b-instruct');
      expect(call.lastUser).toBe('Plan a weekend in Rome.');
    }
    expect(run.answer).toBe('final synthesis');
    expect(run.source).toBe('aggregator');
    expect(run.members.map((member) => `${member.role}:${member.stage}`)).toEqual([
      'member:1',
      'member:1',
      'proposer:2',
      'proposer:2',
      'aggregator:3',
    ]);
  });

  it('moa keeps the previous layer when every proposer of a layer fails', async () => {
    fixture = await createEnsembleFixture({
      script: (call) => {
        if (call.kind === 'answer') return `draft by ${call.model}`;
        if (call.model === 'llama-3.3-70b-instruct')
          return `final from ${call.system.includes('draft by') ? 'drafts' : '?'}`;
        return { fail: 'proposer down' };
      },
    });
    const run = await fixture.run({
      question: 'Plan a weekend in Rome.',
      strategy: 'moa',
      members: ['llama-3.1-8b-instruct', 'qwen2.5-7b-instruct'],
      aggregator: 'llama-3.3-70b-instruct',
    });
    expect(run.answer).toBe('final from drafts');
  });
});
