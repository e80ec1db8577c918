import { readFileSync } from 'node:fs';
import path from 'node:path';
import OpenAI, { toFile } from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import {
  openaiChatSchema,
  openaiPreferenceSchema,
  trlSftSchema,
} from '../../src/learning/export/format-schemas.js';
import { createFineTuneClient } from '../../src/learning/finetune/create-finetune-client.js';
import type { HostedFineTuneProvider } from '../../src/learning/finetune/finetune-client.js';
import { createFineTuneStore } from '../../src/learning/finetune/finetune-store.js';
import { startFineTune } from '../../src/learning/finetune/start-finetune.js';
import { cancelFineTune, watchFineTune } from '../../src/learning/finetune/watch-finetune.js';
import { startFakeFireworksFineTuning } from '../fakes/fake-finetune-fireworks.js';
import { startFakeOpenAIFineTuning } from '../fakes/fake-finetune-openai.js';
import type { FakeFineTuneServer, JobPlan } from '../fakes/fake-finetune-server.js';
import { startFakeTogetherFineTuning } from '../fakes/fake-finetune-together.js';
import { createLearningFixture, type LearningFixture } from './helpers/learning-fixture.js';

const KEYS = { openai: 'sk-test', together: 'together-test', fireworks: 'fw-test' };
const BASE = {
  openai: 'gpt-4o-mini',
  together: 'meta-llama/Meta-Llama-3.1-8B-Instruct-Reference',
  fireworks: 'accounts/fireworks/models/llama-v3p1-8b-instruct',
};

async function startFake(provider: HostedFineTuneProvider, plan: JobPlan): Promise<FakeFineTuneServer> {
  if (provider === 'openai') return startFakeOpenAIFineTuning({ plan });
  if (provider === 'together') return startFakeTogetherFineTuning({ plan });
  return startFakeFireworksFineTuning({ plan, accountId: 'acme' });
}

async function seededFixture(
  provider: HostedFineTuneProvider,
  fake: FakeFineTuneServer,
  apiKey = KEYS[provider],
): Promise<LearningFixture> {
  const fixture = await createLearningFixture({
    models: [],
    config: {
      learning: {
        readyForFineTuning: 10,
        finetune: {
          [provider]: {
            baseURL: `${fake.url}/v1`,
            apiKey,
            ...(provider === 'fireworks' ? { accountId: 'acme' } : {}),
          },
        },
      },
    },
  });
  const training = fixture.engine.orchestration.training;
  for (let index = 0; index < 14; index += 1) {
    training.collect({
      sourceKind: 'ensemble',
      sourceId: `run-${index}`,
      taskType: 'general',
      models: ['a'],
      base: 0.9,
      messages: [{ role: 'user', content: `Question ${index}?` }],
      response: `Answer ${index}.`,
    });
    training.addPreferencePair({
      sourceKind: 'council',
      sourceId: `run-${index}`,
      taskType: 'general',
      messages: [{ role: 'user', content: `Question ${index}?` }],
      chosen: `Good ${index}`,
      rejected: `Bad ${index}`,
    });
  }
  return fixture;
}

const quickWatch = { intervalMs: 0, wait: () => Promise.resolve() };

describe.each(['openai', 'together', 'fireworks'] as const)(
  'fine-tuning with %s (loopback fake of its API)',
  (provider) => {
    let fake: FakeFineTuneServer | undefined;
    let fixture: LearningFixture | undefined;
    afterEach(async () => {
      await fixture?.close();
      await fake?.close();
      fixture = undefined;
      fake = undefined;
    });
    const client = () =>
      createFineTuneClient(provider, {
        learning: fixture!.engine.config.learning,
        providers: fixture!.engine.providers,
        pollMs: 1,
      });
    const start = () =>
      startFineTune(fixture!.engine, client(), {
        baseModel: BASE[provider],
        method: 'sft',
        directory: path.join(fixture!.home, 'finetune'),
        name: `my-${provider}-ft`,
      });

    it('success: uploads the dataset, creates the job, polls status and events, registers the model in the catalog', async () => {
      fake = await startFake(provider, 'succeed');
      fixture = await seededFixture(provider, fake);
      const { job, dataset } = await start();
      expect(job).toMatchObject({ provider, status: 'queued', exampleCount: dataset.train });
      expect(job.providerJobId).toBeTruthy();
      // The uploaded training file is exactly the exported file, in the provider's format.
      const uploaded = fake.requests.find((request) => request.files?.file)!;
      expect(uploaded.files!.file!.content).toBe(readFileSync(dataset.trainFile, 'utf8'));
      const schema = provider === 'openai' ? openaiChatSchema : trlSftSchema;
      for (const line of uploaded.files!.file!.content.trim().split('\n'))
        expect(schema.safeParse(JSON.parse(line)).success).toBe(true);
      const statuses: string[] = [];
      const events: string[] = [];
      const finished = await watchFineTune(fixture.engine, client(), job.id, {
        ...quickWatch,
        onStatus: (snapshot) => statuses.push(snapshot.status),
        onEvent: (event) => events.push(event.message),
      });
      expect(finished.status).toBe('succeeded');
      expect(statuses.at(-1)).toBe('succeeded');
      expect(statuses).toContain('running');
      if (provider !== 'fireworks') expect(events.length).toBeGreaterThan(1);
      expect(new Set(events).size).toBe(events.length);
      const profile = fixture.engine.profile(`my-${provider}-ft`);
      expect(profile).toMatchObject({ provider, providerModelId: finished.fineTunedModel });
      expect(profile!.source).toContain(`fine-tuned from ${BASE[provider]}`);
      expect(createFineTuneStore(fixture.engine.database).get(job.id)).toMatchObject({
        status: 'succeeded',
        fineTunedModel: finished.fineTunedModel,
      });
      // A new engine on the same store (the gateway after a restart) has the model in its catalog.
      const reopened = await createLearningFixture({ models: [], storeFile: fixture.storeFile });
      try {
        expect(reopened.engine.catalog().some((candidate) => candidate.id === `my-${provider}-ft`)).toBe(
          true,
        );
      } finally {
        await reopened.engine.close();
      }
    });

    it('failure: the job fails at the provider; the reason is kept and no model is registered', async () => {
      fake = await startFake(provider, 'fail');
      fixture = await seededFixture(provider, fake);
      const { job } = await start();
      const finished = await watchFineTune(fixture.engine, client(), job.id, quickWatch);
      expect(finished.status).toBe('failed');
      expect(finished.error).toMatch(
        provider === 'openai'
          ? /invalid examples/
          : provider === 'together'
            ? /missing assistant message/
            : /loss is NaN/,
      );
      expect(fixture.engine.profile(`my-${provider}-ft`)).toBeUndefined();
      expect(fixture.engine.database.prepare('SELECT COUNT(*) AS n FROM finetuned_models').get()).toEqual({
        n: 0,
      });
    });

    it('cancel: a running job is cancelled at the provider and ends cancelled', async () => {
      fake = await startFake(provider, 'hang');
      fixture = await seededFixture(provider, fake);
      const { job } = await start();
      let polls = 0;
      const watching = await watchFineTune(fixture.engine, client(), job.id, {
        ...quickWatch,
        shouldStop: () => ++polls >= 3,
      });
      expect(watching.status).toBe('running');
      const cancelled = await cancelFineTune(fixture.engine, client(), job.id);
      expect(['cancelled', 'running']).toContain(cancelled.status);
      const finished = await watchFineTune(fixture.engine, client(), job.id, quickWatch);
      expect(finished.status).toBe('cancelled');
      await expect(cancelFineTune(fixture.engine, client(), job.id)).rejects.toThrow(
        /already ended \(cancelled\)/,
      );
    });

    it('a wrong API key is a clear auth error naming the provider, and the job is marked failed', async () => {
      fake = await startFake(provider, 'succeed');
      fixture = await seededFixture(provider, fake, 'wrong-key');
      await expect(start()).rejects.toMatchObject({
        kind: 'auth',
        message: expect.stringMatching(new RegExp(`^${provider} rejected POST .* \\(401\\)`)),
      });
      expect(createFineTuneStore(fixture.engine.database).list()[0]).toMatchObject({ status: 'failed' });
    });
  },
);

describe('fine-tuning preconditions', () => {
  let fake: FakeFineTuneServer | undefined;
  let fixture: LearningFixture | undefined;
  afterEach(async () => {
    await fixture?.close();
    await fake?.close();
    fixture = undefined;
    fake = undefined;
  });

  it('DPO uploads preference pairs; too few examples and a missing key are refused before any upload', async () => {
    fake = await startFakeTogetherFineTuning();
    fixture = await seededFixture('together', fake);
    const client = createFineTuneClient('together', {
      learning: fixture.engine.config.learning,
      providers: fixture.engine.providers,
    });
    const { job } = await startFineTune(fixture.engine, client, {
      baseModel: BASE.together,
      method: 'dpo',
      directory: path.join(fixture.home, 'ft'),
    });
    const upload = fake.requests.find((request) => request.files?.file)!;
    for (const line of upload.files!.file!.content.trim().split('\n'))
      expect(openaiPreferenceSchema.safeParse(JSON.parse(line)).success).toBe(true);
    expect(
      (fake.requests.find((request) => request.path === '/v1/fine-tunes')!.json as Record<string, unknown>)
        .training_method,
    ).toEqual({ method: 'dpo' });
    expect(job.method).toBe('dpo');
    const before = fake.requests.length;
    await expect(
      startFineTune(fixture.engine, client, {
        baseModel: BASE.together,
        method: 'sft',
        directory: path.join(fixture.home, 'ft'),
        minExamples: 500,
      }),
    ).rejects.toThrow(/fine-tuning needs at least 500/);
    expect(fake.requests.length).toBe(before);
    expect(() =>
      createFineTuneClient('openai', {
        learning: fixture!.engine.config.learning,
        providers: fixture!.engine.providers,
      }),
    ).toThrow(/No openai API key/);
    expect(() =>
      createFineTuneClient('fireworks', {
        learning: {
          ...fixture!.engine.config.learning,
          finetune: { ...fixture!.engine.config.learning.finetune, fireworks: { apiKey: 'x' } },
        },
        providers: fixture!.engine.providers,
        environment: {},
      }),
    ).toThrow(/No Fireworks account id/);
  });

  it('the OpenAI fake speaks the real API: the official openai SDK drives it end to end', async () => {
    fake = await startFakeOpenAIFineTuning();
    const openai = new OpenAI({ baseURL: `${fake.url}/v1`, apiKey: 'sk-test', maxRetries: 0 });
    const file = await openai.files.create({
      file: await toFile(Buffer.from('{"messages":[]}\n'), 'train.jsonl'),
      purpose: 'fine-tune',
    });
    const job = await openai.fineTuning.jobs.create({
      model: 'gpt-4o-mini',
      training_file: file.id,
      method: { type: 'supervised' },
    });
    expect(job.status).toBe('validating_files');
    expect((await openai.fineTuning.jobs.retrieve(job.id)).status).toBe('queued');
    const events = await openai.fineTuning.jobs.listEvents(job.id);
    expect(events.data[0]?.object).toBe('fine_tuning.job.event');
    expect((await openai.fineTuning.jobs.cancel(job.id)).status).toBe('cancelled');
    await expect(openai.fineTuning.jobs.retrieve('ftjob-missing')).rejects.toMatchObject({ status: 404 });
  });
});
