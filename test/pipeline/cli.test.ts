import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeUpstream, startFakeUpstream } from '../fakes/fake-upstream.js';
import type { RecordedRequest } from '../fakes/recorded-request.js';
import { runCli } from '../helpers/run-cli.js';
import { createTempHome } from '../helpers/temp-home.js';

/** Runs the BUILT CLI (`npx tsc -p tsconfig.build.json` first) against a loopback fake upstream. */
describe('conclave pipeline (CLI)', () => {
  const home = createTempHome('conclave-pipeline-cli-');
  const env = { CONCLAVE_HOME: home.path };
  let fake: FakeUpstream;

  beforeAll(async () => {
    fake = await startFakeUpstream({ models: ['alpha', 'beta'] });
    fake.setDefault((request: RecordedRequest) => {
      const body = request.body as { model: string; messages: { role: string; content: unknown }[] };
      const phase = /You are the (\w+) phase/.exec(JSON.stringify(body.messages))?.[1] ?? 'custom';
      return { text: `${phase} by ${body.model}`, usage: { input: 30, output: 4 } };
    });
    const model = (id: string, quality: number) =>
      `  - { id: ${id}, provider: fake, providerModelId: ${id}, contextWindow: 16384, price: { inputPerMTok: 1, outputPerMTok: 2 }, quality: { general: ${quality}, code: ${quality} } }`;
    writeFileSync(
      path.join(home.path, 'conclave.yaml'),
      [
        'providers:',
        `  fake: { type: openai-compatible, baseURL: "${fake.url}/v1", location: local }`,
        'models:',
        model('alpha', 0.9),
        model('beta', 0.8),
        'local: { demoModel: false }',
        'discovery: { ollama: false, localServers: false }',
        'retry: { maxAttempts: 1 }',
        'pipelines:',
        '  profiles:',
        '    quick-sql:',
        '      description: Two-step SQL',
        '      taskClass: code',
        '      phases: [planning, generation]',
      ].join('\n'),
    );
  });
  afterAll(async () => {
    await fake.close();
    home.cleanup();
  });
  const cli = (...args: string[]) => runCli(['pipeline', ...args], { env, cwd: home.path });

  it('`pipeline list` shows the built-in and configured profiles', async () => {
    const result = await cli('list');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/coding\s+planning → generation → review → refinement\s+code\s+built-in/);
    expect(result.stdout).toMatch(/quick-sql\s+planning → generation\s+code\s+config\s+Two-step SQL/);
  });

  it('`pipeline plan` shows each phase, its model and why, without calling a model', async () => {
    const chats = () => fake.requests.filter((request) => request.route === 'chat').length;
    const before = chats();
    const result = await cli('plan', 'coding', '--input', 'Write a slugify function');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('▸ pipeline coding · multi_model · code · 4 phases');
    expect(result.stdout).toMatch(/review\s+beta\s+🖥 local\s+alpha\s+generation\s+skippable\s+code, quality/);
    expect(result.stdout).toContain(
      'review: Quality model to critique the solution (code, quality). Chose beta',
    );
    expect(chats()).toBe(before);
  });

  it('`pipeline run --phases` streams phase progress to stderr and the answer to stdout', async () => {
    const result = await cli(
      'run',
      'coding',
      '--input',
      'Write a slugify function',
      '--phases',
      'planning,generation',
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('generation by alpha\n');
    expect(result.stderr).toContain(
      '▸ pipeline coding · multi_model · planning (alpha) → generation (alpha)',
    );
    expect(result.stderr).toContain('skipping review: not in enablePhases');
    expect(result.stderr).toMatch(/✓ planning · alpha · [\d.]+ s · 34 tokens · \$/);
    expect(result.stderr).toMatch(/✓ generation · alpha · [\d.]+ s · 34 tokens/);
    expect(result.stderr).toMatch(
      /— 2\/2 phases · answer from generation · models: alpha · 68 tokens · .* · run pipe_/,
    );
  });

  it('`pipeline run --json` prints the MultiModelResult; the same run again comes from the cache', async () => {
    const args = [
      'run',
      'quick-sql',
      '--input',
      'Count orders per day',
      '--param',
      'dialect=postgres',
      '--json',
    ];
    const first = await cli(...args);
    expect(first.code).toBe(0);
    const result = JSON.parse(first.stdout) as Record<string, unknown>;
    expect(result).toMatchObject({
      strategyType: 'multi_model',
      totalPhases: 2,
      successfulPhases: 2,
      finalResult: 'generation by alpha',
      modelsUsed: ['alpha'],
      agent: 'quick-sql',
    });
    const sent = JSON.stringify(fake.requests.at(-1)?.body);
    expect(sent).toContain('\\"dialect\\": \\"postgres\\"');
    const second = await cli(...args);
    expect(JSON.parse(second.stdout)).toMatchObject({ totalCost: 0, cached: { runId: result.runId } });
    expect(second.stderr).toContain('⚡ cached result of run');
    const runs = await cli('runs', '--json');
    expect((JSON.parse(runs.stdout) as { status: string }[]).map((run) => run.status).slice(0, 2)).toEqual([
      'cached',
      'ok',
    ]);
  });

  it('an unknown profile or phase is one clear line and exit code 2', async () => {
    const profile = await cli('run', 'codng', '--input', 'x');
    expect(profile.code).toBe(2);
    expect(profile.stderr).toContain('error: Unknown pipeline profile "codng".');
    expect(profile.stderr).toContain('hint: Did you mean "coding"?');
    expect(profile.stderr).not.toMatch(/\n\s+at /);
    const phase = await cli('plan', 'coding', '--input', 'x', '--phases', 'planning,checking');
    expect(phase.code).toBe(2);
    expect(phase.stderr).toContain('error: Unknown phase "checking" for pipeline "coding".');
  });

  it('a dependency cycle in conclave.yaml fails when the config loads', async () => {
    const directory = createTempHome('conclave-pipeline-cycle-');
    writeFileSync(
      path.join(directory.path, 'conclave.yaml'),
      'pipelines:\n  profiles:\n    loop:\n      phases:\n        - { name: planning, dependsOn: [generation] }\n        - generation\n',
    );
    const result = await runCli(['pipeline', 'plan', 'loop', '--input', 'x'], { env, cwd: directory.path });
    directory.cleanup();
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'pipelines.profiles.loop.phases: phases form a dependency cycle (each depends on the next): planning → generation → planning',
    );
  });
});
