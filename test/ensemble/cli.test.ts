import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EnsembleRun } from '../../src/orchestration/ensemble/ensemble-run.js';
import { type FakeUpstream, startFakeUpstream } from '../fakes/fake-upstream.js';
import { runCli } from '../helpers/run-cli.js';
import { createTempHome } from '../helpers/temp-home.js';

// Runs the BUILT CLI (dist/): build first with `npx tsc -p tsconfig.build.json`.
const MODELS = [
  'llama-3.1-8b-instruct',
  'qwen2.5-7b-instruct',
  'mistral-7b-instruct-v0.3',
  'llama-3.3-70b-instruct',
];
const VALID = 'Valid strategies: best-of-n, weighted, consensus, specialization, moa, cascade.';

describe('conclave ensemble and conclave bench ensemble (built CLI, models on a loopback fake upstream)', {
  timeout: 60_000,
}, () => {
  const home = createTempHome('conclave-ensemble-cli-');
  const env = { CONCLAVE_HOME: home.path };
  let fake: FakeUpstream;
  const cli = (args: string[]) => runCli(args, { env, cwd: home.path });

  beforeAll(async () => {
    fake = await startFakeUpstream({ models: MODELS });
    const models = MODELS.map(
      (id) =>
        `  - { id: ${id}, provider: fake, providerModelId: ${id}, price: { inputPerMTok: 1, outputPerMTok: 2 }, quality: { general: ${id === 'llama-3.3-70b-instruct' ? 0.9 : 0.6} } }`,
    ).join('\n');
    writeFileSync(
      path.join(home.path, 'conclave.yaml'),
      `providers:\n  fake: { type: openai-compatible, baseURL: "${fake.url}/v1", location: local }\nmodels:\n${models}\n` +
        'local: { demoModel: false }\ndiscovery: { ollama: false, localServers: false }\nretry: { maxAttempts: 1 }\n',
    );
  });
  beforeEach(() => {
    fake.reset();
    for (const id of MODELS) fake.setDefault({ text: '2 + 2 = 4', usage: { input: 12, output: 6 } }, id);
  });
  afterAll(async () => {
    await fake.close();
    home.cleanup();
  });

  it('prints the answer and the brief’s metadata block', async () => {
    const result = await cli([
      'ensemble',
      '--input',
      'What is 2+2?',
      '--strategy',
      'consensus',
      '--models',
      '3',
    ]);
    expect(result.stderr).not.toContain('error');
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      '🎭 Querying 3 top models…',
      '📝 Question: What is 2+2?',
      '',
      '2 + 2 = 4',
    ]);
    expect(result.stdout).toContain('📊 Metadata:\n  Confidence: 100%\n  Models used: 3 (');
    expect(result.stdout).toMatch(/ {2}Avg latency: \d+ ms\n {2}Total cost: \$\d/);
    expect(result.stdout).toContain('🔍 All model responses:\n  • ');
    expect(result.stdout).toContain('  Saved as a training example (quality 1.00)');
    expect(result.stdout.match(/ {2}• .+: 2 \+ 2 = 4 /g)).toHaveLength(3);
    expect(result.stderr).toContain('Strategy consensus');
  });

  it('--json prints the whole run', async () => {
    const result = await cli([
      'ensemble',
      'What is 2+2?',
      '--strategy',
      'cascade',
      '--models',
      '3',
      '--json',
    ]);
    expect(result.code).toBe(0);
    const run = JSON.parse(result.stdout) as EnsembleRun;
    expect(run).toMatchObject({
      strategy: 'cascade',
      status: 'ok',
      extracted: { kind: 'number', value: '4' },
    });
    expect(run.stoppedAt?.stage).toBe(1);
    expect(run.totals.costUsd).toBeGreaterThan(0);
  });

  it('bad input: one line naming the valid choices, exit 2, no model called', async () => {
    const unknown = await cli(['ensemble', 'hi', '--strategy', 'majority']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim()).toBe(`error: Unknown ensemble strategy "majority". ${VALID}`);
    const tooMany = await cli(['ensemble', 'hi', '--models', '9']);
    expect(tooMany.code).toBe(2);
    const [line] = tooMany.stderr.split('\n');
    expect(line).toMatch(/^error: --models 9 asks for 9 members, but only 4 models are available: /);
    for (const model of MODELS) expect(line).toContain(model);
    const threshold = await cli(['ensemble', 'hi', '--strategy', 'consensus', '--threshold', '1.5']);
    expect(threshold.code).toBe(2);
    expect(threshold.stderr.split('\n')[0]).toContain('error: Consensus threshold 1.5 is outside 0..1.');
    expect(fake.requests.filter((request) => request.route === 'chat')).toHaveLength(0);
  });

  it('bench ensemble replays an outcome file and prints the report (markdown and --json)', async () => {
    const file = path.join(home.path, 'outcomes.jsonl');
    const row = (index: number) =>
      JSON.stringify({
        task: 'winogrande',
        split: index % 2 === 0 ? 'test' : 'train',
        id: `w${index}`,
        prompt: `Sentence ${index} _ .\nA) Ann\nB) Bob\nAnswer:`,
        outcomes: {
          small: { correct: index % 3 === 0 ? 0 : 1, cost: 0.0001, response: index % 3 === 0 ? 'B' : 'A' },
          large: { correct: 1, cost: 0.001, response: 'A' },
        },
      });
    writeFileSync(file, `${Array.from({ length: 80 }, (_, index) => row(index)).join('\n')}\n`);
    const json = await cli(['bench', 'ensemble', '--data', file, '--tasks', 'winogrande', '--json']);
    expect(json.stderr).not.toContain('error');
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as {
      dataset: string;
      split: string;
      tasks: string[];
      strategies: { name: string }[];
    };
    expect(report).toMatchObject({ dataset: 'outcomes.jsonl', split: 'test', tasks: ['winogrande'] });
    expect(report.strategies.map((strategy) => strategy.name)).toEqual(
      expect.arrayContaining(['best-single', 'oracle']),
    );
    const markdown = await cli(['bench', 'ensemble', '--data', file, '--tasks', 'winogrande']);
    expect(markdown.stdout).toContain('| best-single | large | 1.000 |');
    const missing = await cli(['bench', 'ensemble', '--data', path.join(home.path, 'nope.jsonl')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('error: Cannot read ');
    // A malformed line is the user's mistake: named by file and line, exit 2, not an internal error.
    const broken = path.join(home.path, 'broken.jsonl');
    writeFileSync(broken, '{"task": "winogrande", "split": "test"\n');
    const bad = await cli(['bench', 'ensemble', '--data', broken]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`error: ${broken}:1: not valid JSON`);
  });
});
