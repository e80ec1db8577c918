import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { createTempHome } from '../helpers/temp-home.js';

describe('conclave CLI on a fresh machine (no keys, no Ollama)', () => {
  const home = createTempHome();
  const env = { CONCLAVE_HOME: home.path };
  beforeAll(() => undefined);
  afterAll(() => home.cleanup());

  it('`conclave run "Hello"` answers from the embedded demo model and says how to add providers', async () => {
    const result = await runCli(['run', 'Hello'], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      "Hello! I am Conclave's built-in demo model, running locally through llama.cpp.",
    );
    expect(result.stderr).toMatch(/▸ conclave-demo · 🖥 local/);
    expect(result.stderr).toMatch(/— conclave-demo · \d+ in \/ \d+ out tokens/);
    expect(result.stderr).toContain('set OPENAI_API_KEY');
  });

  it('`conclave run --json` prints the result with model, location, usage and the routing reason', async () => {
    const result = await runCli(['run', '--json', 'Hello there'], { env });
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout) as Record<string, unknown> & {
      decision: { reason: string; targets: string[] };
    };
    expect(parsed).toMatchObject({
      model: 'conclave-demo',
      location: 'local',
      finishReason: 'stop',
      costUsd: 0,
    });
    expect(parsed.decision.targets).toEqual(['conclave-demo']);
    expect(parsed.decision.reason).toMatch(/Chose conclave-demo/);
  });

  it('`conclave models --json` lists the built-in catalog with availability and how to enable each model', async () => {
    const result = await runCli(['models', '--json'], { env });
    expect(result.code).toBe(0);
    const models = JSON.parse(result.stdout) as {
      id: string;
      available: boolean;
      unavailableReason?: string;
      location: string;
    }[];
    expect(models.length).toBeGreaterThanOrEqual(45);
    const gpt4o = models.find((model) => model.id === 'gpt-4o');
    expect(gpt4o).toMatchObject({
      available: false,
      unavailableReason: 'set OPENAI_API_KEY',
      location: 'external',
    });
    expect(models.find((model) => model.id === 'conclave-demo')).toMatchObject({
      available: true,
      location: 'local',
    });
  });

  it("an API key in the environment makes that provider's models available", async () => {
    const result = await runCli(['models', '--json', '--available'], {
      env: { ...env, GROQ_API_KEY: 'gsk_test' },
    });
    const ids = (JSON.parse(result.stdout) as { id: string; provider: string }[]).map((model) => model.id);
    expect(ids).toContain('llama-3.3-70b-instruct');
    expect(ids).toContain('llama-3.1-8b-instruct');
    expect(ids).not.toContain('gpt-4o');
  });

  it('a GGUF declared in config (e.g. to say it calls tools) is listed once, not again as a discovered file', async () => {
    const directory = createTempHome('conclave-declared-gguf-');
    writeFileSync(path.join(directory.path, 'tiny.gguf'), 'not really a model');
    writeFileSync(
      path.join(directory.path, 'conclave.yaml'),
      [
        `local: { demoModel: false, modelsDir: "${directory.path}" }`,
        'discovery: { ollama: false, localServers: false }',
        'models:',
        '  - { id: tiny-tools, provider: embedded, path: tiny.gguf, supports: { tools: true } }',
      ].join('\n'),
    );
    const result = await runCli(['models', '--json', '--available'], { env, cwd: directory.path });
    directory.cleanup();
    const local = (
      JSON.parse(result.stdout) as { id: string; provider: string; supports: { tools: boolean } }[]
    ).filter((model) => model.provider === 'embedded');
    expect(local.map((model) => [model.id, model.supports.tools])).toEqual([['tiny-tools', true]]);
  });

  it('a bad config file fails with exit code 2, one line per problem and no stack trace', async () => {
    const directory = createTempHome('conclave-config-');
    writeFileSync(
      path.join(directory.path, 'conclave.yaml'),
      'models:\n  - id: x\n    price: { inputPerMTok: cheap, outputPerMTok: 1 }\n',
    );
    const result = await runCli(['models'], { env, cwd: directory.path });
    directory.cleanup();
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'conclave.yaml: models[0].price.inputPerMTok: expected a number, found "cheap"',
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('an unknown model is one clear line with a suggestion', async () => {
    const result = await runCli(['run', '--model', 'gpt-4oo', 'Hi'], { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: Unknown model "gpt-4oo".');
    expect(result.stderr).toContain('Did you mean "gpt-4o"');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('a cloud model without its key names the variable to set', async () => {
    const result = await runCli(['run', '--model', 'gpt-4o', '--allow-external', 'Hi'], { env });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('set OPENAI_API_KEY');
  });

  it('a cloud model without consent is refused before any data leaves the machine', async () => {
    const result = await runCli(['run', '--model', 'gpt-4o', 'Hi'], {
      env: { ...env, OPENAI_API_KEY: 'sk-test' },
    });
    expect(result.code).toBe(6);
    expect(result.stderr).toContain('gpt-4o runs externally');
    expect(result.stderr).toContain('--allow-external');
  });
});
