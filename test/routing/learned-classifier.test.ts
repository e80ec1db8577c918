import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  classifyWithModel,
  loadTaskClassifier,
  trainTaskClassifier,
} from '../../src/routing/classify/learned-classifier.js';
import { runCli } from '../helpers/run-cli.js';
import { createTempHome } from '../helpers/temp-home.js';

const EXAMPLES = path.resolve(import.meta.dirname, '../../examples/task-classes.ndjson');

describe('learned task classifier', () => {
  const examples = readFileSync(EXAMPLES, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { prompt: string; taskClass: 'code' });

  it('learns task classes from labelled prompts and generalises to new wording', () => {
    const model = trainTaskClassifier(examples);
    expect(classifyWithModel(model, 'Write a Rust function that parses JSON and add tests')?.taskClass).toBe(
      'code',
    );
    expect(classifyWithModel(model, 'Solve the equation 2x + 5 = 11 for x')?.taskClass).toBe('math');
    expect(classifyWithModel(model, 'Write a poem about the ocean at night')?.taskClass).toBe('creative');
    const result = classifyWithModel(model, 'Compare the pros and cons of electric cars');
    expect(result?.taskClass).toBe('analysis');
    expect(result?.probability).toBeGreaterThan(0.3);
  });

  it('`conclave router train-classifier` trains, reports held-out accuracy, and the router uses it', async () => {
    const home = createTempHome();
    try {
      const trained = await runCli(['router', 'train-classifier', '--data', EXAMPLES], {
        env: { CONCLAVE_HOME: home.path },
      });
      expect(trained.code).toBe(0);
      expect(trained.stdout).toMatch(/Trained the task classifier on 68 prompts/);
      expect(trained.stdout).toMatch(/Held-out accuracy: \d+\.\d%/);
      const model = loadTaskClassifier(path.join(home.path, 'task-classifier.json'));
      expect(model.examples).toBe(68);
      const routed = await runCli(['route', '--json', 'Invent a name and a backstory for a pirate ship'], {
        env: { CONCLAVE_HOME: home.path },
      });
      expect((JSON.parse(routed.stdout) as { signals: string[] }).signals).toContain(
        'learned classifier: creative',
      );
    } finally {
      home.cleanup();
    }
  });

  it('bad training data is a one-line error naming the line', async () => {
    const home = createTempHome();
    try {
      const file = path.join(home.path, 'bad.jsonl');
      writeFileSync(file, '{"prompt": "ok", "taskClass": "code"}\n{"prompt": "x", "taskClass": "poetry"}\n');
      const result = await runCli(['router', 'train-classifier', '--data', file], {
        env: { CONCLAVE_HOME: home.path },
      });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('bad.jsonl:2: "taskClass" must be one of quick, deep, code');
      expect(result.stderr).not.toMatch(/\n\s+at /);
    } finally {
      home.cleanup();
    }
  });
});
