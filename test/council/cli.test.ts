import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CouncilRun } from '../../src/orchestration/council/council-run.js';
import { type FakeUpstream, startFakeUpstream } from '../fakes/fake-upstream.js';
import { runCli } from '../helpers/run-cli.js';
import { createTempHome } from '../helpers/temp-home.js';
import { councilReply, wireMessages, wireText } from './council-replies.js';

// Runs the BUILT CLI (dist/): build first with `npx tsc -p tsconfig.build.json`.
const CHAIR = 'llama-3.3-70b-instruct';
const MODELS = [
  'llama-3.1-8b-instruct',
  'phi-3.5-mini-instruct',
  'mistral-7b-instruct-v0.3',
  'qwen2.5-7b-instruct',
  CHAIR,
];
const ARCHETYPES =
  'Valid archetypes: strategist, architect, engineer, designer, entrepreneur, futurist, economist, ethicist, philosopher, cultural_translator.';

describe('conclave council and conclave run --agent (built CLI, models on a loopback fake upstream)', {
  timeout: 60_000,
}, () => {
  const home = createTempHome('conclave-council-cli-');
  const env = { CONCLAVE_HOME: home.path };
  let fake: FakeUpstream;
  const cli = (args: string[]) => runCli(args, { env, cwd: home.path });
  const councilRuns = () => {
    const file = path.join(home.path, 'conclave.db');
    if (!existsSync(file)) return 0;
    const database = new DatabaseSync(file, { readOnly: true });
    try {
      return (database.prepare('SELECT COUNT(*) AS count FROM council_runs').get() as { count: number })
        .count;
    } finally {
      database.close();
    }
  };

  beforeAll(async () => {
    // The fake lists the models too: the CLI's discovery checks the provider serves them.
    fake = await startFakeUpstream({ models: MODELS });
    const models = MODELS.map(
      (id) =>
        `  - { id: ${id}, provider: fake, providerModelId: ${id}, price: { inputPerMTok: 1, outputPerMTok: 2 }, quality: { general: ${id === CHAIR ? 0.95 : 0.6} } }`,
    ).join('\n');
    writeFileSync(
      path.join(home.path, 'conclave.yaml'),
      `providers:\n  fake: { type: openai-compatible, baseURL: "${fake.url}/v1", location: local }\nmodels:\n${models}\n` +
        'local: { demoModel: false }\ndiscovery: { ollama: false, localServers: false }\nrotation: { date: "2025-11-07" }\n' +
        'retry: { maxAttempts: 1 }\n',
    );
  });
  beforeEach(() => {
    fake.reset();
    for (const id of MODELS) fake.setDefault(councilReply(id), id);
  });
  afterAll(async () => {
    await fake.close();
    home.cleanup();
  });

  it('prints each answer with its model, the peer rankings, the synthesis and the totals', async () => {
    const result = await cli([
      'council',
      '--agents',
      'strategist,engineer,designer',
      '--input',
      'Design an app',
      '--seed',
      '3',
    ]);
    expect(result.stderr).not.toContain('error');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('## Answers — round 1');
    expect(result.stdout).toContain(
      '### Strategist — llama-3.1-8b-instruct\nstrategist answer from llama-3.1-8b-instruct',
    );
    expect(result.stdout).toContain(
      '### Engineer — phi-3.5-mini-instruct\nengineer answer from phi-3.5-mini-instruct',
    );
    expect(result.stdout).toContain(
      '### Designer — mistral-7b-instruct-v0.3\ndesigner answer from mistral-7b-instruct-v0.3',
    );
    expect(result.stdout).toContain('## Peer rankings (anonymized)');
    expect(result.stdout).toMatch(
      /^strategist \(llama-3\.1-8b-instruct\): [AB]=engineer > [AB]=designer \(strict\)$/m,
    );
    expect(result.stdout).toMatch(/^1\s+engineer\s+phi-3\.5-mini-instruct\s+1\.00\s+2$/m);
    expect(result.stdout).toContain('agreement on the winner: 100%');
    expect(result.stdout).toContain(`## Synthesis — chairman ${CHAIR}\n\nSynthesis by ${CHAIR}`);
    expect(result.stderr).toMatch(
      new RegExp(
        `models used: llama-3.1-8b-instruct, phi-3.5-mini-instruct, mistral-7b-instruct-v0.3, ${CHAIR} · 7 calls · average latency .+ · total cost \\$0\\.0\\d+`,
      ),
    );
    // Progress lines streamed as members worked.
    expect(result.stderr).toContain(
      '· engineer → phi-3.5-mini-instruct: answering (round 1; rotation day 311 (2025-11-07): preference 3 of 3)',
    );
  });

  it('--json prints the whole run; --no-review, --rounds and --chairman are honoured', async () => {
    const result = await cli([
      'council',
      '--agents',
      'engineer,designer',
      '--no-review',
      '--rounds',
      '2',
      '--chairman',
      'qwen2.5-7b-instruct',
      '--json',
      'Pick a database',
    ]);
    expect(result.code).toBe(0);
    const run = JSON.parse(result.stdout) as CouncilRun;
    expect(run.question).toBe('Pick a database');
    expect(run.rounds).toHaveLength(2);
    expect(run.review).toBeUndefined();
    expect(run.synthesis?.chairman).toBe('qwen2.5-7b-instruct');
    expect(run.final.text).toBe('Synthesis by qwen2.5-7b-instruct');
    expect(councilRuns()).toBeGreaterThan(0);
  });

  it('--max-cost stops adding stages and says so', async () => {
    const result = await cli(['council', '--preset', 'product', '--max-cost', '0.00001', 'Design an app']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('skipped review: cost cap reached');
    expect(result.stderr).toContain('skipped synthesis: cost cap reached');
    expect(result.stdout).toContain(
      '## Final answer — strategist (llama-3.1-8b-instruct), first-answer; no synthesis\n\nstrategist answer from llama-3.1-8b-instruct',
    );
  });

  it('--session continues the conversation', async () => {
    await cli([
      'council',
      '--agents',
      'engineer,designer',
      '--no-review',
      '--session',
      'cli-1',
      'First question',
    ]);
    fake.reset();
    for (const id of MODELS) fake.setDefault(councilReply(id), id);
    const second = await cli([
      'council',
      '--agents',
      'engineer,designer',
      '--no-review',
      '--session',
      'cli-1',
      'Second question',
    ]);
    expect(second.code).toBe(0);
    const request = fake.requestsFor('phi-3.5-mini-instruct')[0]!;
    expect(wireMessages(request).map((message) => wireText(message))).toEqual([
      expect.stringContaining('You are the Engineer'),
      'First question',
      `Synthesis by ${CHAIR}`,
      'Second question',
    ]);
  });

  it.each([
    [['--agents', 'strategist,wizard'], `error: Unknown archetype "wizard". ${ARCHETYPES}`],
    [['--agents', ''], `error: No agents given. ${ARCHETYPES}`],
    [
      ['--agents', 'strategist'],
      `error: A council needs at least two agents, got only "strategist". ${ARCHETYPES}`,
    ],
    [
      ['--preset', 'marketing'],
      'error: Unknown council preset "marketing". Valid presets: default, product.',
    ],
  ])(
    'bad input %j: one-line error with the valid choices, exit 2, no model called, nothing stored',
    async (args, line) => {
      const before = councilRuns();
      const result = await cli(['council', ...args, 'Design an app']);
      expect({ code: result.code, stderr: result.stderr.split('\n')[0] }).toEqual({ code: 2, stderr: line });
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(fake.requests.filter((request) => request.route === 'chat')).toHaveLength(0);
      expect(councilRuns()).toBe(before);
    },
  );

  it('`conclave run --agent` answers as the archetype on its rotated model and says why', async () => {
    const result = await cli(['run', '--agent', 'strategist', '--input', 'Should we expand to Spain?']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('strategist answer from llama-3.1-8b-instruct');
    expect(result.stderr).toContain('▸ llama-3.1-8b-instruct · 🖥 local');
    expect(result.stderr).toContain(
      'as strategist (business strategy) on llama-3.1-8b-instruct: rotation day 311 (2025-11-07): preference 3 of 3',
    );
    const sent = wireMessages(fake.requestsFor('llama-3.1-8b-instruct')[0]!);
    expect(wireText(sent[0])).toContain('You are the Strategist');
    const unknown = await cli(['run', '--agent', 'wizard', 'hi']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.split('\n')[0]).toBe(`error: Unknown archetype "wizard". ${ARCHETYPES}`);
  });
});
