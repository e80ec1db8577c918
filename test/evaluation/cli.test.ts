import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeUpstream, startFakeUpstream } from '../fakes/fake-upstream.js';
import type { RecordedRequest } from '../fakes/recorded-request.js';
import { runCli } from '../helpers/run-cli.js';
import { createTempHome } from '../helpers/temp-home.js';

/** The built CLI end to end: a loopback fake upstream plays two models over the real OpenAI wire protocol. */
describe('conclave eval (built CLI)', { timeout: 90_000 }, () => {
  const home = createTempHome('conclave-eval-cli-');
  const work = createTempHome('conclave-eval-cwd-');
  const env = { CONCLAVE_HOME: home.path };
  let fake: FakeUpstream;
  const lastUserText = (request: RecordedRequest) => {
    const messages = (request.body as { messages?: { role: string; content: unknown }[] }).messages ?? [];
    const content = messages.filter((message) => message.role === 'user').pop()?.content;
    return typeof content === 'string' ? content : JSON.stringify(content);
  };
  const label = (text: string) => /LABEL=(\w+)/.exec(text)?.[1] ?? 'unknown';

  beforeAll(async () => {
    fake = await startFakeUpstream();
    fake.setDefault((request) => ({ text: label(lastUserText(request)) }), 'good-model');
    fake.setDefault({ text: 'no idea' }, 'bad-model');
    const model = (id: string, quality: number, price: number) =>
      `  - { id: ${id}, provider: fake, providerModelId: ${id}, contextWindow: 16384, price: { inputPerMTok: ${price}, outputPerMTok: ${price} }, quality: { general: ${quality}, quick: ${quality} } }`;
    writeFileSync(
      path.join(work.path, 'conclave.yaml'),
      [
        'providers:',
        `  fake: { type: openai-compatible, baseURL: "${fake.url}/v1", location: local }`,
        'models:',
        model('good-model', 0.5, 1000),
        model('bad-model', 0.9, 1000),
        'routing: { exploration: 0, allow: [good-model, bad-model] }',
        'local: { demoModel: false }',
        'discovery: { ollama: false, localServers: false }',
        '',
      ].join('\n'),
    );
    writeFileSync(
      path.join(work.path, 'labels.yaml'),
      `name: labels
taskType: quick
defaults: { maxOutputTokens: 10 }
tasks:
${['positive', 'negative', 'neutral']
  .map(
    (value) =>
      `  - { id: ${value}, prompt: "Label it. LABEL=${value}", graders: [{ type: exact, expected: ${value} }] }`,
  )
  .join('\n')}
`,
    );
    writeFileSync(
      path.join(work.path, 'broken.yaml'),
      'name: broken\ntasks:\n  - id: a\n    taskType: quick\n    prompt: x\n    graders: [{ type: regex, pattern: "(" }]\n',
    );
  });
  afterAll(async () => {
    await fake.close();
    home.cleanup();
    work.cleanup();
  });
  const cli = (...args: string[]) => runCli(args, { env, cwd: work.path });

  it('validate: a good suite passes, a broken one fails with exit 2 and the exact location', async () => {
    const good = await cli('eval', 'validate', 'labels.yaml');
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('labels.yaml: suite labels, 3 tasks');
    const broken = await cli('eval', 'run', 'broken.yaml', '--models', 'good-model');
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(
      /^error: Invalid suite broken\.yaml:\n {2}broken\.yaml: tasks\[0\] \(id "a"\)\.graders\[0\]\.pattern: invalid regular expression/,
    );
    expect(broken.stderr).not.toMatch(/\n\s+at /);
  });

  it('run → report → the router routes on the measured evidence; a re-run resumes', async () => {
    const before = await cli('route', 'Is this positive or negative: great service');
    expect(before.stdout).toMatch(/^▸ bad-model/);

    const run = await cli(
      'eval',
      'run',
      'labels.yaml',
      '--models',
      'good-model,bad-model',
      '--run',
      'cli-run',
      '--concurrency',
      '2',
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('run cli-run: 6/6 cells graded (6 asked, 0 re-graded, 0 reused)');
    expect(run.stderr).toMatch(/\[#+-*\] \d\/6 \d+% · \$0\.\d+ · q=1\.00 labels\/\w+ × good-model/);
    expect(run.stdout).toContain('Next: conclave eval report');

    const again = await cli('eval', 'run', 'labels.yaml', '--run', 'cli-run');
    expect(again.stdout).toContain('run cli-run: 6/6 cells graded (0 asked, 0 re-graded, 6 reused)');

    const report = await cli('eval', 'report', '--out', 'guide', '--min-samples', '3');
    expect(report.code, report.stderr).toBe(0);
    expect(report.stdout).toMatch(/quick\s+good-model\s+1\.00 \(0\.44–1\.00\)\s+3/);
    expect(report.stdout).toContain(
      `routing rules: ${path.join(home.path, 'routing-evidence.json')} (the router loads this file)`,
    );
    const guide = readFileSync(path.join(work.path, 'guide', 'MODEL_SELECTION_GUIDE.md'), 'utf8');
    expect(guide).toContain('| quick | **good-model** | 1.00 (0.44–1.00) | 3 |');
    expect(existsSync(path.join(work.path, 'guide', 'model-selection-charts', 'quick.svg'))).toBe(true);

    const after = await cli('route', '--explain', 'Is this positive or negative: great service');
    expect(after.stdout).toMatch(/^▸ good-model/);
    expect(after.stdout).toMatch(/evidence: .*evidence file/);

    const runs = await cli('eval', 'runs');
    expect(runs.stdout).toMatch(/cli-run\s+run\s+labels\s+complete\s+2/);
  });

  it('a budget cap stops the run cleanly, says so and how to continue (exit 4)', async () => {
    const stopped = await cli(
      'eval',
      'run',
      'labels.yaml',
      '--models',
      'good-model',
      '--budget',
      '0.03',
      '--run',
      'capped',
      '--concurrency',
      '1',
    );
    expect(stopped.code).toBe(4);
    expect(stopped.stderr).toMatch(
      /error: Budget cap reached: stopped with \d cells? not started \(\$0\.\d+ spent of \$0\.03\d*\)\./,
    );
    expect(stopped.stderr).toContain(
      'hint: Raise the cap to continue where it stopped: conclave eval run labels.yaml --run capped --budget <usd>',
    );
  });

  it('import loads outcome data and says which dataset names were not mapped', async () => {
    const file = path.join(work.path, 'outcomes.jsonl');
    writeFileSync(
      file,
      `${JSON.stringify({ source: 'routellm', task: 'gsm8k', category: 'math', split: 'test', id: '1', prompt: 'p', outcomes: { 'gpt-4-1106-preview': { score: 1, correct: 1 }, 'mystery-7b': { score: 0, correct: 0 } } })}\n`,
    );
    const imported = await cli('eval', 'import', '--data', 'outcomes.jsonl');
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('imported import-outcomes: 1 queries, 2 graded cells');
    expect(imported.stdout).toContain('mapped to catalog ids: gpt-4-1106-preview → gpt-4-turbo');
    expect(imported.stdout).toContain(
      'unmapped (kept as named evidence, not routable; map with --map name=id): mystery-7b',
    );
    const badMap = await cli('eval', 'import', '--data', 'outcomes.jsonl', '--map', 'mystery-7b=nope');
    expect(badMap.code).toBe(2);
    expect(badMap.stderr).toContain('error: Model map mystery-7b=nope: "nope" is not a catalog model.');
  });
});
