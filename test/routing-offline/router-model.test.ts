import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isConclaveError } from '../../src/core/conclave-error.js';
import { expectedCost, predictSuccess } from '../../src/routing/learned/predict-success.js';
import { loadRouterModel, saveRouterModel } from '../../src/routing/learned/router-model-file.js';
import {
  type RouterTrainingExample,
  trainRouterModel,
} from '../../src/routing/learned/train-router-model.js';

// Synthetic outcomes: "coder" solves prompts about code and fails poems, "poet" the reverse;
// "premium" solves everything at ten times the price.
const TOPICS = {
  code: [
    'write a python function that sorts a list',
    'implement a binary search function in python',
    'fix the python loop in this function',
  ],
  poem: [
    'write a short poem about the sea',
    'compose a sonnet about autumn leaves',
    'a haiku poem about the quiet moon',
  ],
};
function examples(): RouterTrainingExample[] {
  const list: RouterTrainingExample[] = [];
  for (let round = 0; round < 12; round += 1) {
    for (const [topic, prompts] of Object.entries(TOPICS)) {
      for (const prompt of prompts) {
        const isCode = topic === 'code';
        list.push({
          prompt: `${prompt} (variant ${round})`,
          taskType: 'general',
          outcomes: {
            coder: { correct: isCode ? 1 : 0, cost: 0.001 },
            poet: { correct: isCode ? 0 : 1, cost: 0.001 },
            premium: { correct: 1, cost: 0.01 },
          },
        });
      }
    }
  }
  return list;
}

const options = { stack: { folds: 3, ridge: 1 } } as const;

describe('learned router model', () => {
  let directory = '';
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'conclave-router-model-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('learns which model succeeds on which kind of prompt', () => {
    const model = trainRouterModel({ examples: examples(), options });
    expect(model.models).toEqual(['coder', 'poet', 'premium']);
    // Same suffix as training so prompt length (a shape feature) carries no spurious signal.
    const code = predictSuccess(model, 'write a python function that reverses a list (variant 99)', {
      taskType: 'general',
    });
    const poem = predictSuccess(model, 'write a poem about the autumn sea (variant 99)', {
      taskType: 'general',
    });
    expect(code.coder).toBeGreaterThan(0.7);
    expect(code.poet).toBeLessThan(0.3);
    expect(poem.poet).toBeGreaterThan(0.7);
    expect(poem.coder).toBeLessThan(0.3);
    expect(code.premium).toBeGreaterThan(0.8);
    const cost = expectedCost(model, 'general');
    expect(cost.coder).toBeCloseTo(0.001, 12);
    expect(cost.premium).toBeCloseTo(0.01, 12);
  });

  it('is deterministic and round-trips through a JSON file with identical predictions', async () => {
    const model = trainRouterModel({ examples: examples(), options });
    const again = trainRouterModel({ examples: examples(), options });
    expect(JSON.stringify(again)).toBe(JSON.stringify(model));
    const path = join(directory, 'router.json');
    await saveRouterModel(path, model);
    const loaded = await loadRouterModel(path);
    const prompt = 'compose a poem about python snakes';
    expect(predictSuccess(loaded, prompt)).toEqual(predictSuccess(model, prompt));
  });

  it('infers the task type when the caller does not give one', () => {
    const trained = trainRouterModel({
      examples: examples().map((example, index) => ({
        ...example,
        taskType: index % 6 < 3 ? 'code' : 'writing',
      })),
      options,
    });
    const inferred = predictSuccess(trained, 'implement a python function for binary search');
    const explicit = predictSuccess(trained, 'implement a python function for binary search', {
      taskType: 'code',
    });
    expect(inferred).toEqual(explicit);
  });

  it('rejects a corrupt or foreign file with a clear config error', async () => {
    const model = trainRouterModel({
      examples: examples().slice(0, 12),
      options: { ...options, stack: false },
    });
    const truncated = join(directory, 'truncated.json');
    await saveRouterModel(truncated, model);
    const text = await readFile(truncated, 'utf8');
    await writeFile(truncated, text.slice(0, text.length / 2));
    const error = await loadRouterModel(truncated).catch((caught: unknown) => caught);
    expect(isConclaveError(error, 'config')).toBe(true);
    expect((error as Error).message).toMatch(/not valid JSON/);

    const foreign = join(directory, 'foreign.json');
    await writeFile(foreign, JSON.stringify({ ...model, version: 2 }));
    await expect(loadRouterModel(foreign)).rejects.toThrow(/is invalid/);

    const inconsistent = join(directory, 'inconsistent.json');
    await writeFile(inconsistent, JSON.stringify({ ...model, models: ['coder'] }));
    await expect(loadRouterModel(inconsistent)).rejects.toThrow(/inconsistent/);
  });
});
