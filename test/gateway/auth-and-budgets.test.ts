import { writeFileSync } from 'node:fs';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayHarness, startGateway } from '../helpers/gateway-harness.js';

describe('gateway keys, limits and budgets', () => {
  let gateway: GatewayHarness;
  let limited: string;
  let broke: string;
  let plain: string;
  beforeAll(async () => {
    gateway = await startGateway({
      models: [{ id: 'alpha', price: { inputPerMTok: 1_000_000, outputPerMTok: 0 } }],
      start: false,
    });
    const keys = gateway.engine.keys;
    plain = keys.create({ name: 'plain' }).key;
    limited = keys.create({ name: 'limited', rpm: 2 }).key;
    broke = keys.create({ name: 'broke', budgetDayUsd: 5 }).key;
    const { startServer } = await import('../../src/server/start-server.js');
    gateway.server = await startServer({ engine: gateway.engine, port: 0 });
    gateway.fake.setDefault({ text: 'ok', usage: { input: 3, output: 1 } }, 'alpha');
  });
  afterAll(() => gateway.close());
  const client = (apiKey: string) =>
    new OpenAI({ baseURL: `${gateway.server.url}/v1`, apiKey, maxRetries: 0 });
  const ask = { model: 'alpha', messages: [{ role: 'user' as const, content: 'hi' }] };

  it('keys are stored hashed, never in clear', () => {
    const rows = gateway.engine.database.prepare('SELECT * FROM api_keys').all() as Record<string, unknown>[];
    expect(JSON.stringify(rows)).not.toContain(plain);
    expect(rows.every((row) => String(row.hash).length === 64)).toBe(true);
  });

  it('once a key exists, a request without one is 401 and a wrong one is 401', async () => {
    const anonymous = await fetch(`${gateway.server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ask),
    });
    expect(anonymous.status).toBe(401);
    await expect(client('ck-wrong').chat.completions.create(ask)).rejects.toBeInstanceOf(
      OpenAI.AuthenticationError,
    );
    const ok = await client(plain).chat.completions.create(ask);
    expect(ok.choices[0]?.message.content).toBe('ok');
  });

  it('per-key RPM: the third request in a minute is 429 with Retry-After', async () => {
    await client(limited).chat.completions.create(ask);
    await client(limited).chat.completions.create(ask);
    const error = (await client(limited)
      .chat.completions.create(ask)
      .catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.APIError>;
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(Number(error.headers?.get('retry-after'))).toBeGreaterThan(0);
    expect((await client(plain).chat.completions.create(ask)).choices[0]?.message.content).toBe('ok');
  });

  it('per-key daily budget: spending it makes further requests 429 (budget)', async () => {
    await client(broke).chat.completions.create(ask);
    await client(broke).chat.completions.create(ask);
    const error = (await client(broke)
      .chat.completions.create(ask)
      .catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.APIError>;
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error.message).toMatch(/daily budget/);
  });

  it('a revoked key stops working', async () => {
    const keys = gateway.engine.keys;
    const { key, record } = keys.create({ name: 'temporary' });
    expect((await client(key).chat.completions.create(ask)).choices[0]?.message.content).toBe('ok');
    keys.revoke(record.id);
    await expect(client(key).chat.completions.create(ask)).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
  });

  it('refuses to bind a non-loopback address while no key exists', async () => {
    const open = await startGateway({ models: [{ id: 'alpha' }], start: false });
    const { startServer } = await import('../../src/server/start-server.js');
    await expect(startServer({ engine: open.engine, host: '0.0.0.0', port: 0 })).rejects.toThrow(
      /Refusing to listen on 0\.0\.0\.0 without API keys/,
    );
    await open.close();
  });
});

describe('admin routes', () => {
  it('need the admin key once keys exist, and report circuits and recent requests', async () => {
    const gateway = await startGateway({
      models: [{ id: 'alpha' }],
      config: { server: { adminKey: 'admin-secret-123' } },
    });
    try {
      gateway.fake.setDefault({ text: 'ok' }, 'alpha');
      const user = gateway.engine.keys.create({ name: 'user' }).key;
      await new OpenAI({
        baseURL: `${gateway.server.url}/v1`,
        apiKey: user,
        maxRetries: 0,
      }).chat.completions.create({ model: 'alpha', messages: [{ role: 'user', content: 'hi' }] });
      const asUser = await fetch(`${gateway.server.url}/admin/health`, {
        headers: { authorization: `Bearer ${user}` },
      });
      expect(asUser.status).toBe(403);
      const health = await fetch(`${gateway.server.url}/admin/health`, {
        headers: { authorization: 'Bearer admin-secret-123' },
      });
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ circuits: {}, queue: { running: 0 } });
      const requests = (await (
        await fetch(`${gateway.server.url}/admin/requests?limit=5`, {
          headers: { authorization: 'Bearer admin-secret-123' },
        })
      ).json()) as { data: { model: string }[] };
      expect(requests.data[0]?.model).toBe('alpha');

      // A damaged routing rules file: requests keep being answered, the admin health says what is wrong.
      writeFileSync(gateway.engine.evidenceFilePath, '{"version": 1,');
      const admin = { authorization: 'Bearer admin-secret-123' };
      await fetch(`${gateway.server.url}/admin/evidence/reload`, { method: 'POST', headers: admin });
      const after = await new OpenAI({
        baseURL: `${gateway.server.url}/v1`,
        apiKey: user,
        maxRetries: 0,
      }).chat.completions.create({ model: 'auto', messages: [{ role: 'user', content: 'hi again' }] });
      expect(after.choices[0]?.message.content).toBe('ok');
      const { warnings } = (await (
        await fetch(`${gateway.server.url}/admin/health`, { headers: admin })
      ).json()) as { warnings: string[] };
      expect(warnings.join('\n')).toContain(
        `Cannot read the routing evidence file ${gateway.engine.evidenceFilePath}`,
      );
    } finally {
      await gateway.close();
    }
  });
});
