import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGateway } from '../helpers/gateway-harness.js';

const SECRET = 'sk-proj-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcd';

describe('privacy guard', () => {
  let gateway: GatewayHarness;
  beforeAll(async () => {
    gateway = await startGateway({
      models: [{ id: 'home', quality: 0.5 }],
      config: {
        providers: {
          cloud: {
            type: 'openai-compatible',
            baseURL: 'http://127.0.0.1:9/v1',
            apiKey: 'x',
            location: 'external',
          },
        },
        models: [
          {
            id: 'cloudy',
            provider: 'cloud',
            providerModelId: 'cloudy',
            quality: { general: 0.95, quick: 0.95 },
            price: { inputPerMTok: 1, outputPerMTok: 1 },
          },
        ],
      },
    });
    // The cloud provider points at the same fake upstream, on its own base URL.
    const cloud = gateway.engine.providers.get('cloud')!;
    cloud.baseURL = `${gateway.fake.url}/v1`;
  });
  afterAll(() => gateway.close());
  beforeEach(() => gateway.fake.reset());

  it('without consent, cloud models are never chosen: the local model answers', async () => {
    gateway.fake.setDefault({ text: 'local answer' }, 'home');
    const completion = await gateway.client.chat.completions.create({
      model: 'auto',
      messages: [{ role: 'user', content: 'hello' }],
    });
    expect(completion.model).toBe('home');
    expect(gateway.fake.requestsFor('cloudy')).toHaveLength(0);
  });

  it('naming a cloud model without consent is refused with how to consent (403)', async () => {
    const error = await gateway.client.chat.completions
      .create({ model: 'cloudy', messages: [{ role: 'user', content: 'hello' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect((error as Error).message).toContain('x-conclave-consent: external');
  });

  it('with consent the cloud model answers and the response carries the external-processing label', async () => {
    gateway.fake.setDefault({ text: 'cloud answer' }, 'cloudy');
    const completion = await gateway.client.chat.completions.create(
      { model: 'auto', messages: [{ role: 'user', content: 'hello' }] },
      { headers: { 'x-conclave-consent': 'external' } },
    );
    expect(completion.model).toBe('cloudy');
    const warnings = (completion as unknown as { conclave: { warnings: string[] } }).conclave.warnings;
    expect(warnings).toContain('External processing: your data was sent to cloud.');
  });

  it('a streamed answer from a cloud model is labelled external in the headers, before the first token', async () => {
    gateway.fake.setDefault({ text: 'cloud stream' }, 'cloudy');
    const { data: stream, response } = await gateway.client.chat.completions
      .create(
        { model: 'cloudy', stream: true, messages: [{ role: 'user', content: 'hello' }] },
        { headers: { 'x-conclave-consent': 'external' } },
      )
      .withResponse();
    expect(response.headers.get('x-conclave-location')).toBe('external');
    expect(response.headers.get('x-conclave-model')).toBe('cloudy');
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('cloud stream');
  });

  it('a secret in the prompt blocks the external call with a 400 naming what was found, never the value', async () => {
    const error = (await gateway.client.chat.completions
      .create(
        { model: 'cloudy', messages: [{ role: 'user', content: `deploy with key ${SECRET} please` }] },
        { headers: { 'x-conclave-consent': 'external' } },
      )
      .catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.APIError>;
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.message).toContain('OpenAI API key (messages[0])');
    expect(error.message).not.toContain(SECRET);
    expect(gateway.fake.requestsFor('cloudy')).toHaveLength(0);
  });

  it('secrets never reach the request log', async () => {
    gateway.fake.setDefault({ text: 'kept local' }, 'home');
    await gateway.client.chat.completions.create({
      model: 'home',
      messages: [{ role: 'user', content: `my key is ${SECRET}` }],
    });
    gateway.engine.requestLog.flush();
    const dump = JSON.stringify(gateway.engine.database.prepare('SELECT * FROM requests').all());
    expect(dump).not.toContain(SECRET);
    expect(dump).toContain('[REDACTED OpenAI API key]');
  });

  it('high-stakes and code prompts get warning labels', async () => {
    gateway.fake.setDefault({ text: 'here' }, 'home');
    const completion = await gateway.client.chat.completions.create({
      model: 'home',
      messages: [{ role: 'user', content: 'Can I deduct my home office on my tax return?' }],
    });
    const warnings = (completion as unknown as { conclave: { warnings: string[] } }).conclave.warnings;
    expect(warnings.some((warning) => warning.startsWith('High-stakes (tax)'))).toBe(true);
  });
});
