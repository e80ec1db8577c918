import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shareGptSchema } from '../../src/learning/export/format-schemas.js';
import { type FakeUpstream, startFakeUpstream } from '../fakes/fake-upstream.js';
import { runCli } from '../helpers/run-cli.js';
import { createTempHome } from '../helpers/temp-home.js';

const MAIN = path.resolve(import.meta.dirname, '../../dist/cli/main.js');

/** The learning commands as a user runs them: the built CLI, a config file, a loopback fake provider. */
describe('learning loop CLI', () => {
  const home = createTempHome('conclave-learning-cli-');
  const env = { CONCLAVE_HOME: home.path };
  const cwd = home.path;
  let fake: FakeUpstream;
  const chatRequests = () => fake.requests.filter((request) => request.route === 'chat');
  const cli = (args: string[]) => runCli(args, { env, cwd });

  beforeAll(async () => {
    fake = await startFakeUpstream();
    fake.setDefault((request) => {
      const messages = (request.body as { messages: { content: string }[] }).messages;
      return {
        text: `Answer: ${messages.at(-1)?.content}`,
        usage: { input: 10, output: 20 },
        fault: { type: 'slow-first-token', delayMs: 150 },
      };
    });
    const model = (id: string) =>
      `  - { id: ${id}, provider: fake, providerModelId: ${id}, contextWindow: 16384, price: { inputPerMTok: 1, outputPerMTok: 2 } }`;
    writeFileSync(
      path.join(home.path, 'conclave.yaml'),
      [
        'providers:',
        `  fake: { type: openai-compatible, baseURL: "${fake.url}/v1", location: local }`,
        'models:',
        model('teacher'),
        model('helper'),
        'local: { demoModel: false }',
        'discovery: { ollama: false, localServers: false }',
        'learning:',
        '  export: { validationFraction: 0 }',
      ].join('\n'),
    );
  });
  afterAll(async () => {
    await fake.close();
    home.cleanup();
  });

  it('feedback on a recorded answer; unknown ids and empty feedback are one-line errors', {
    timeout: 90_000,
  }, async () => {
    const run = await cli(['run', '--json', '--model', 'teacher', 'What is DNS?']);
    expect({ code: run.code, stderr: run.stderr }).toMatchObject({ code: 0 });
    const { id } = JSON.parse(run.stdout) as { id: string };
    const ok = await cli(['feedback', id, '--up', '--comment', 'spot on']);
    expect(ok.stderr).toBe('');
    expect({ code: ok.code, stderr: ok.stderr }).toMatchObject({ code: 0 });
    expect(ok.stdout).toMatch(
      /✓ Feedback stored on chat .*: quality 1\.00 \(feedback\), collected as a training example/,
    );
    const unknown = await cli(['feedback', 'chatcmpl-nope', '--up']);
    expect({ code: unknown.code, stderr: unknown.stderr }).toMatchObject({ code: 2 });
    expect(unknown.stderr).toMatch(/^error: No recorded request or run has the id "chatcmpl-nope"\.\nhint: /);
    expect(unknown.stderr).not.toMatch(/at .*\.js/);
    const empty = await cli(['feedback', id]);
    expect({ code: empty.code, stderr: empty.stderr }).toMatchObject({ code: 2 });
    expect(empty.stderr).toMatch(/give at least one of thumbs, score, rating, comment or demonstration/);
    const badScore = await cli(['feedback', id, '--score', '7']);
    expect({ code: badScore.code, stderr: badScore.stderr }).toMatchObject({ code: 2 });
    expect(badScore.stderr).toMatch(/expected a number from 0 to 1/);
  });

  it('learning-stats and export', { timeout: 90_000 }, async () => {
    const stats = await cli(['learning-stats']);
    expect({ code: stats.code, stderr: stats.stderr }).toMatchObject({ code: 0 });
    expect(stats.stdout).toContain('Total Examples: 1');
    expect(stats.stdout).toContain('Examples with Feedback: 1');
    const exported = await cli(['export', '--format', 'sharegpt', '--output', 'data/train.jsonl']);
    expect({ code: exported.code, stderr: exported.stderr }).toMatchObject({ code: 0 });
    expect(exported.stdout).toContain('✅ Exported 1 examples as sharegpt');
    const line = JSON.parse(readFileSync(path.join(home.path, 'data/train.jsonl'), 'utf8').trim()) as unknown;
    expect(shareGptSchema.parse(line)).toEqual({
      conversations: [
        { from: 'human', value: 'What is DNS?' },
        { from: 'gpt', value: 'Answer: What is DNS?' },
      ],
    });
    const bad = await cli(['export', '--format', 'csv']);
    expect({ code: bad.code, stderr: bad.stderr }).toMatchObject({ code: 2 });
    expect(bad.stderr).toMatch(/expected one of openai-chat, openai-preference/);
  });

  it('distill: killed mid-run (SIGKILL), resumed, every task answered once (at most the in-flight one twice)', {
    timeout: 120_000,
  }, async () => {
    const tasks = Array.from({ length: 8 }, (_, index) => `Distill task number ${index + 1}`);
    writeFileSync(path.join(home.path, 'tasks.txt'), `${tasks.join('\n')}\n`);
    const before = chatRequests().length;
    const child = spawn(
      process.execPath,
      [MAIN, 'distill', '--tasks', 'tasks.txt', '--strategy', 'single', '--models', 'teacher'],
      {
        cwd,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NO_COLOR: '1', ...env },
        stdio: 'ignore',
      },
    );
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const started = Date.now();
    while (chatRequests().length - before < 4 && Date.now() - started < 30_000)
      await new Promise((resolve) => setTimeout(resolve, 10));
    child.kill('SIGKILL');
    await exited;
    const beforeResume = chatRequests().length - before;
    expect(beforeResume).toBeGreaterThanOrEqual(4);
    expect(beforeResume).toBeLessThan(8);
    const resumed = await cli([
      'distill',
      '--tasks',
      'tasks.txt',
      '--strategy',
      'single',
      '--models',
      'teacher',
    ]);
    expect({ code: resumed.code, stderr: resumed.stderr }).toMatchObject({ code: 0 });
    expect(resumed.stderr).toMatch(/Resuming "tasks\.txt:teacher": \d of 8 tasks already done/);
    expect(resumed.stdout).toMatch(
      /Distilled 8\/8 tasks from teacher: \d+ training examples, \$0\.00\d+ in total/,
    );
    const asked = chatRequests()
      .slice(before)
      .map((request) => JSON.stringify(request.body).match(/Distill task number \d/)?.[0]);
    const perTask = tasks.map((task) => asked.filter((prompt) => prompt === task).length);
    expect(perTask.every((count) => count >= 1 && count <= 2)).toBe(true);
    expect(perTask.filter((count) => count === 2).length).toBeLessThanOrEqual(1);
    const again = await cli([
      'distill',
      '--tasks',
      'tasks.txt',
      '--strategy',
      'single',
      '--models',
      'teacher',
    ]);
    expect(again.stdout).toContain('Distilled 8/8 tasks');
    expect(chatRequests().length - before).toBe(asked.length);
  });

  it('distill input errors are one line each', { timeout: 90_000 }, async () => {
    const missing = await cli(['distill', '--tasks', 'nope.txt']);
    expect({ code: missing.code, stderr: missing.stderr }).toMatchObject({ code: 2 });
    expect(missing.stderr).toMatch(/^error: Cannot read the tasks file nope\.txt: ENOENT\./);
    const single = await cli(['distill', '--tasks', 'tasks.txt', '--strategy', 'single']);
    expect({ code: single.code, stderr: single.stderr }).toMatchObject({ code: 2 });
    expect(single.stderr).toMatch(/--strategy single needs exactly one teacher/);
  });

  it('experiments: create, status, promote, stop', { timeout: 120_000 }, async () => {
    const created = await cli([
      'experiment',
      'create',
      'helper-vs-teacher',
      '--arms',
      'helper,teacher',
      '--match-model',
      'teacher',
      '--allocation',
      'thompson',
      '--metric',
      'success',
    ]);
    expect({ code: created.code, stderr: created.stderr }).toMatchObject({ code: 0 });
    expect(created.stdout).toContain(
      '🧪 Experiment "helper-vs-teacher" running: helper vs teacher (thompson, metric success)',
    );
    for (let session = 0; session < 3; session += 1) {
      const run = await cli(['run', '--json', '--model', 'teacher', '--session', `s${session}`, 'Hello']);
      expect({ code: run.code, stderr: run.stderr }).toMatchObject({ code: 0 });
    }
    const status = await cli(['experiment', 'status', 'helper-vs-teacher']);
    expect({ code: status.code, stderr: status.stderr }).toMatchObject({ code: 0 });
    expect(status.stdout).toMatch(/helper\n {4}requests: \d+ assigned/);
    expect(status.stdout).toContain('P(best on success)');
    const assigned = [...status.stdout.matchAll(/requests: (\d+) assigned/g)].reduce(
      (sum, match) => sum + Number(match[1]),
      0,
    );
    expect(assigned).toBe(3);
    expect((await cli(['experiment', 'promote', 'helper-vs-teacher', '--arm', 'helper'])).stdout).toContain(
      '🏆 helper now serves all traffic',
    );
    const promoted = await cli(['run', '--json', '--model', 'teacher', 'Hi again']);
    expect((JSON.parse(promoted.stdout) as { model: string }).model).toBe('helper');
    expect((await cli(['experiment', 'stop', 'helper-vs-teacher'])).code).toBe(0);
    const stopped = await cli(['run', '--json', '--model', 'teacher', 'Hi again']);
    expect((JSON.parse(stopped.stdout) as { model: string }).model).toBe('teacher');
    const bad = await cli(['experiment', 'create', 'x', '--arms', 'helper']);
    expect({ code: bad.code, stderr: bad.stderr }).toMatchObject({ code: 2 });
    expect(bad.stderr).toMatch(/at least two different arms/);
    const unknown = await cli(['experiment', 'status', 'nope']);
    expect({ code: unknown.code, stderr: unknown.stderr }).toMatchObject({ code: 2 });
    expect(unknown.stderr).toMatch(/No experiment named "nope"/);
  });

  it('finetune: local project; hosted without a key is an auth error (exit 3)', {
    timeout: 90_000,
  }, async () => {
    const local = await cli([
      'finetune',
      '--provider',
      'local',
      '--min-examples',
      '1',
      '--output',
      'project',
    ]);
    expect({ code: local.code, stderr: local.stderr }).toMatchObject({ code: 0 });
    expect(local.stdout).toContain('🎓 Training project for');
    expect(JSON.parse(readFileSync(path.join(home.path, 'project/config.json'), 'utf8'))).toMatchObject({
      base_model: 'meta-llama/Llama-3.2-3B-Instruct',
    });
    const list = await cli(['finetune', 'list']);
    expect(list.stdout).toMatch(/ft-\w+ +local +meta-llama\/Llama-3\.2-3B-Instruct +prepared/);
    const hosted = await cli([
      'finetune',
      '--provider',
      'together',
      '--base',
      'meta-llama/Meta-Llama-3.1-8B-Instruct-Reference',
    ]);
    expect({ code: hosted.code, stderr: hosted.stderr }).toMatchObject({ code: 3 });
    expect(hosted.stderr).toMatch(
      /^error: No together API key for fine-tuning\.\nhint: Set TOGETHER_API_KEY/,
    );
    const missingBase = await cli(['finetune', '--provider', 'openai']);
    expect({ code: missingBase.code, stderr: missingBase.stderr }).toMatchObject({ code: 2 });
    expect(missingBase.stderr).toMatch(/--base is required/);
  });
});
