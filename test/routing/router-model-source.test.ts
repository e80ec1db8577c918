import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ModelProfile } from '../../src/core/model-profile.js';
import { createRouterModelSource } from '../../src/routing/evidence/router-model-source.js';
import { saveRouterModel, trainRouterModel } from '../../src/routing/learned/index.js';

const directory = mkdtempSync(path.join(os.tmpdir(), 'conclave-router-model-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** Strong model right everywhere, weak model right only on trivia. */
function trainedModel() {
  const examples = Array.from({ length: 60 }, (_, index) => {
    const hard = index % 2 === 0;
    return {
      prompt: hard ? `Prove the lemma about groups ${index}` : `Name the capital of land ${index}`,
      taskType: 'mixed',
      outcomes: {
        strong: { correct: 1, cost: 0.01 },
        weak: { correct: hard ? 0 : 1, cost: 0.001 },
      },
    };
  });
  return trainRouterModel({ examples });
}

const profile = (id: string, aliases: string[] = []) =>
  ({ id, aliases, provider: 'p', providerModelId: id }) as unknown as ModelProfile;

describe('the learned router model behind a file', () => {
  it('has no predictor until the file exists, then swaps in a new or retrained model without a restart', async () => {
    const file = path.join(directory, 'router-model.json');
    let clock = 0;
    const source = await createRouterModelSource(file, { checkIntervalMs: 1_000, now: () => clock });
    const candidates = [profile('big-model', ['strong']), profile('small-model', ['weak']), profile('other')];
    expect(source.predict('Prove the lemma about groups 8', candidates)).toBeUndefined();

    await saveRouterModel(file, trainedModel());
    // Within the check interval the old state stands; after it, the next decision starts the reload.
    expect(source.predict('Prove the lemma about groups 8', candidates)).toBeUndefined();
    clock += 1_000;
    source.predict('Prove the lemma about groups 8', candidates);
    await source.refresh();
    const hard = source.predict('Prove the lemma about groups 8', candidates);
    expect(hard?.has('other')).toBe(false);
    expect(hard?.get('big-model')).toBeGreaterThan((hard?.get('small-model') ?? 1) + 0.3);
    const easy = source.predict('Name the capital of land 9', candidates);
    expect(easy?.get('small-model')).toBeGreaterThan(0.7);
  });

  it('a damaged file keeps the model in use and says why', async () => {
    const file = path.join(directory, 'damaged.json');
    await saveRouterModel(file, trainedModel());
    const source = await createRouterModelSource(file, { checkIntervalMs: 0 });
    const candidates = [profile('strong'), profile('weak')];
    expect(source.predict('Prove the lemma about groups 2', candidates)?.size).toBe(2);
    writeFileSync(file, '{"models": [');
    // Different content, so a different modification time on any file system we run on.
    await new Promise((resolve) => setTimeout(resolve, 20));
    writeFileSync(file, '{"models": ["truncated"');
    await source.refresh();
    expect(source.problem).toMatch(/not valid JSON.*retrain it with `conclave router train`/);
    expect(source.predict('Prove the lemma about groups 2', candidates)?.size).toBe(2);
  });
});
