import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { discoverOllama } from '../../src/catalog/discovery/discover-ollama.js';
import { discoverOpenAIModels } from '../../src/catalog/discovery/discover-openai-models.js';
import { closedPortURL } from '../fakes/closed-port-url.js';
import { type FakeUpstream, startFakeUpstream } from '../fakes/fake-upstream.js';

const INSTALLED = ['llama3.2:3b', 'qwen2.5-coder:7b', 'nomic-embed-text'];
const fake: FakeUpstream = await startFakeUpstream({ models: INSTALLED, runningModels: ['llama3.2:3b'] });
afterAll(() => fake.close());
beforeEach(() => fake.reset());

// Far longer than any test may take: a refused connection must fail at once, not wait for the timeout.
const PATIENT = { timeoutMs: 30_000 };
const QUICK_TEST_MS = 5_000;

describe('discoverOllama against the native /api endpoints', () => {
  it('lists installed models with their sizes and the models loaded in memory', async () => {
    const discovery = await discoverOllama(fake.url, PATIENT);
    expect(discovery).toEqual({
      reachable: true,
      models: [
        { name: 'llama3.2:3b', sizeBytes: 2_019_393_189 },
        { name: 'qwen2.5-coder:7b', sizeBytes: 2_019_393_189 },
        // Ollama reports untagged pulls with their implicit :latest tag.
        { name: 'nomic-embed-text:latest', sizeBytes: 2_019_393_189 },
      ],
      running: ['llama3.2:3b'],
    });
    expect(fake.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'GET /api/tags',
      'GET /api/ps',
    ]);
    expect(fake.requests[0]?.headers.authorization).toBeUndefined();
  });

  it.each(['/', '/api', '/api/'])('accepts the base URL written as "<root>%s"', async (suffix) => {
    const discovery = await discoverOllama(`${fake.url}${suffix}`, PATIENT);
    expect(discovery.reachable).toBe(true);
    expect(discovery.models).toHaveLength(3);
  });

  // Bug (discover-ollama): only a trailing /api is stripped, so the /v1 base URL that Ollama documents for
  // OpenAI clients probes /v1/api/tags → 404 and a running Ollama is reported unreachable.
  it('accepts the base URL written as "<root>/v1"', async () => {
    const discovery = await discoverOllama(`${fake.url}/v1`, PATIENT);
    expect(discovery.reachable).toBe(true);
  });

  it('still lists installed models when /api/ps fails', async () => {
    fake.scriptFor('/api/ps', { status: 500 });
    const discovery = await discoverOllama(fake.url, PATIENT);
    expect(discovery).toMatchObject({ reachable: true, running: [] });
    expect(discovery.models).toHaveLength(3);
  });

  it(
    'an Ollama that is not running → reachable: false at once, not after the timeout',
    async () => {
      const discovery = await discoverOllama(await closedPortURL(), PATIENT);
      expect(discovery).toMatchObject({ reachable: false, models: [], running: [] });
      expect(discovery.error).toBeTruthy();
      expect(discovery.error).not.toBe('timed out');
    },
    QUICK_TEST_MS,
  );

  it('a server that accepts but never answers → reachable: false, timed out, request abandoned', async () => {
    fake.scriptFor('/api/tags', { fault: 'hang' });
    const discovery = await discoverOllama(fake.url, { timeoutMs: 200 });
    expect(discovery).toEqual({ reachable: false, error: 'timed out', models: [], running: [] });
    await expect.poll(() => fake.requests[0]?.outcome).toBe('client-closed');
  });
});

describe('discoverOpenAIModels against /v1/models', () => {
  it("lists the server's model ids", async () => {
    const discovery = await discoverOpenAIModels(`${fake.url}/v1`, PATIENT);
    expect(discovery).toEqual({ reachable: true, modelIds: INSTALLED });
    expect(fake.requests[0]).toMatchObject({ method: 'GET', path: '/v1/models' });
    expect(fake.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('sends the key as a bearer token; a rejected key is reachable with an error, not a model list', async () => {
    const keyed = await startFakeUpstream({ apiKey: 'sk-local', models: ['qwen2.5-7b-instruct'] });
    try {
      const listed = await discoverOpenAIModels(`${keyed.url}/v1`, { ...PATIENT, apiKey: 'sk-local' });
      expect(listed).toEqual({ reachable: true, modelIds: ['qwen2.5-7b-instruct'] });
      expect(keyed.requests[0]?.headers.authorization).toBe('Bearer sk-local');
      const rejected = await discoverOpenAIModels(`${keyed.url}/v1`, PATIENT);
      expect(rejected).toEqual({ reachable: true, error: 'HTTP 401', modelIds: [] });
    } finally {
      await keyed.close();
    }
  });

  it(
    'a server that is not running → reachable: false at once',
    async () => {
      const discovery = await discoverOpenAIModels(`${await closedPortURL()}/v1`, PATIENT);
      expect(discovery).toMatchObject({ reachable: false, modelIds: [] });
      expect(discovery.error).not.toBe('timed out');
    },
    QUICK_TEST_MS,
  );
});
