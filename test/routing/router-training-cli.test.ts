import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { createTempHome } from '../helpers/temp-home.js';

/** A small outcome file in the shared data format: two models, the strong one right on "hard" prompts only. */
function writeOutcomes(file: string): void {
  const lines: string[] = [];
  for (let index = 0; index < 120; index += 1) {
    const hard = index % 3 === 0;
    const prompt = hard
      ? `Prove the theorem about primes number ${index}`
      : `What is the capital of country ${index}?`;
    lines.push(
      JSON.stringify({
        source: 'routerbench',
        task: hard ? 'math-proof' : 'trivia',
        category: hard ? 'math' : 'knowledge_mc',
        split: index < 80 ? 'train' : 'test',
        id: `q${index}`,
        prompt,
        outcomes: {
          'gpt-4-1106-preview': { score: 1, correct: 1, cost: 0.01, response: 'x' },
          'zero-one-ai/Yi-34B-Chat': {
            score: hard ? 0 : 1,
            correct: hard ? 0 : 1,
            cost: 0.001,
            response: 'x',
          },
        },
      }),
    );
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}

function writeConfig(directory: string, routerModelFile: string): string {
  const file = path.join(directory, 'conclave.yaml');
  writeFileSync(file, `routing:\n  routerModelFile: ${JSON.stringify(routerModelFile)}\n`);
  return file;
}

describe('router training and the routing benchmark from the CLI', () => {
  const home = createTempHome();
  const data = path.join(home.path, 'outcomes.jsonl');
  writeOutcomes(data);
  afterAll(() => home.cleanup());

  it('`conclave bench routing --json` reports every strategy in the documented shape', async () => {
    const result = await runCli(['bench', 'routing', '--data', data, '--json'], {
      env: { CONCLAVE_HOME: home.path },
      timeoutMs: 120_000,
    });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as {
      dataset: string;
      strategies: { name: string; quality: number; aiq: number | null }[];
    };
    const names = report.strategies.map((strategy) => strategy.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'random',
        'cheapest',
        'best-single',
        'zero-router',
        'oracle',
        'knn',
        'conclave',
      ]),
    );
    const byName = Object.fromEntries(report.strategies.map((strategy) => [strategy.name, strategy]));
    // The learned router separates the prompts the cheap model fails on: the strong model's quality, better AIQ.
    expect(byName.conclave?.quality).toBeGreaterThanOrEqual(0.95);
    expect(byName.conclave?.aiq).toBeGreaterThan(byName['zero-router']?.aiq ?? 1);
  }, 150_000);

  it('`conclave router train` writes a model the router then uses as per-query evidence', async () => {
    const trained = await runCli(['router', 'train', '--data', data], {
      env: { CONCLAVE_HOME: home.path },
      timeoutMs: 120_000,
    });
    expect(trained.code).toBe(0);
    expect(trained.stdout).toContain('gpt-4-1106-preview → gpt-4-turbo');
    expect(trained.stdout).toContain('zero-one-ai/Yi-34B-Chat → yi-34b-chat');
    const env = { CONCLAVE_HOME: home.path, OPENAI_API_KEY: 'unused', TOGETHER_API_KEY: 'unused' };
    const hard = JSON.parse(
      (
        await runCli(
          [
            'route',
            '--json',
            '--allow-external',
            '--objective',
            'cost',
            'Prove the theorem about primes number 7',
          ],
          { env },
        )
      ).stdout,
    ) as { targets: string[]; evidence: string[] };
    expect(hard.evidence).toContain('per-query predictor');
    const easy = JSON.parse(
      (
        await runCli(
          ['route', '--json', '--allow-external', '--objective', 'cost', 'What is the capital of country 7?'],
          { env },
        )
      ).stdout,
    ) as { targets: string[] };
    expect(easy.targets[0]).toBe('yi-34b-chat');
  }, 150_000);

  it('`conclave router train --from-store` learns from graded answers in the store (eval import)', async () => {
    const storeHome = createTempHome();
    try {
      const env = { CONCLAVE_HOME: storeHome.path };
      const empty = await runCli(['router', 'train', '--from-store'], { env });
      expect(empty.code).toBe(2);
      expect(empty.stderr).toContain('graded answers to 0 prompts');
      expect(empty.stderr).toContain('conclave eval import');
      const imported = await runCli(['eval', 'import', '--data', data, '--split', 'train'], { env });
      expect(imported.code).toBe(0);
      const out = path.join(storeHome.path, 'from-store.json');
      const trained = await runCli(['router', 'train', '--from-store', '--out', out], {
        env,
        timeoutMs: 120_000,
      });
      expect(trained.stderr).toBe('');
      expect(trained.code).toBe(0);
      expect(trained.stdout).toContain('on 80 prompts × 2 models (160 graded answers from the store)');
      // Imported cells already carry catalog ids, so the model names need no mapping.
      expect(trained.stdout).toMatch(/^ {2}gpt-4-turbo$/m);
      expect(trained.stdout).toMatch(/^ {2}yi-34b-chat$/m);
      const unknownRun = await runCli(['router', 'train', '--from-store', '--runs', 'nope'], { env });
      expect(unknownRun.code).toBe(2);
      expect(unknownRun.stderr).toContain('No evaluation run "nope"');
      const routed = await runCli(
        ['route', '--json', '--allow-external', '--objective', 'cost', 'What is the capital of country 7?'],
        {
          env: {
            ...env,
            OPENAI_API_KEY: 'unused',
            TOGETHER_API_KEY: 'unused',
            CONCLAVE_CONFIG: writeConfig(storeHome.path, out),
          },
        },
      );
      expect(JSON.parse(routed.stdout)).toMatchObject({
        evidence: expect.arrayContaining(['per-query predictor']),
      });
    } finally {
      storeHome.cleanup();
    }
  }, 200_000);

  it('`conclave router train` says what to train on', async () => {
    const neither = await runCli(['router', 'train'], { env: { CONCLAVE_HOME: home.path } });
    expect(neither.code).toBe(2);
    expect(neither.stderr).toContain('--data <file.jsonl> or --from-store');
    const both = await runCli(['router', 'train', '--data', data, '--from-store'], {
      env: { CONCLAVE_HOME: home.path },
    });
    expect(both.code).toBe(2);
  });

  it('bad outcome data names the line', async () => {
    const bad = path.join(home.path, 'bad.jsonl');
    writeFileSync(bad, '{"not": "an outcome"}\n');
    const result = await runCli(['bench', 'routing', '--data', bad], { env: { CONCLAVE_HOME: home.path } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${bad}:1: task: `);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
