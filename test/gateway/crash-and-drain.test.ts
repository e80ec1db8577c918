import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { startFakeUpstream } from '../fakes/fake-upstream.js';
import { startGateway } from '../helpers/gateway-harness.js';
import { startServeProcess } from '../helpers/serve-process.js';

describe('crash safety and graceful shutdown', () => {
  it('SIGKILL under load leaves a readable store with every committed row intact', async () => {
    const fake = await startFakeUpstream();
    fake.setDefault({ text: 'answer under load', chunkDelayMs: 2 });
    const { server, url, home } = await startServeProcess(fake.url, 'conclave-crash-');
    let completed = 0;
    const send = async (index: number) => {
      const response = await fetch(`${url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          model: 'alpha',
          stream: index % 2 === 0,
          messages: [{ role: 'user', content: `request ${index}` }],
        }),
      });
      await response.text();
      if (response.ok) completed += 1;
    };
    const workers = Array.from({ length: 16 }, async (_, worker) => {
      for (let index = worker; ; index += 16) await send(index).catch(() => undefined);
    });
    while (completed < 150) await new Promise((resolve) => setTimeout(resolve, 20));
    server.kill('SIGKILL');
    await new Promise((resolve) => server.on('exit', resolve));
    void workers;
    await fake.close();

    const database = new DatabaseSync(path.join(home.path, 'conclave.db'));
    try {
      expect(database.prepare('PRAGMA integrity_check').get()).toEqual({ integrity_check: 'ok' });
      expect(database.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
      const rows = database
        .prepare('SELECT id, status, decision_json, prompt_json FROM requests')
        .all() as Record<string, string | null>[];
      expect(rows.length).toBeGreaterThan(100);
      for (const row of rows) {
        expect(['ok', 'error']).toContain(row.status);
        expect(() => JSON.parse(row.decision_json ?? 'null')).not.toThrow();
        expect(() => JSON.parse(row.prompt_json ?? 'null')).not.toThrow();
      }
      const orphans = database
        .prepare('SELECT COUNT(*) AS n FROM attempts WHERE request_id NOT IN (SELECT id FROM requests)')
        .get() as { n: number };
      expect(orphans.n).toBe(0);
    } finally {
      database.close();
      home.cleanup();
    }
  }, 60_000);

  it('shutdown drains an in-flight stream to its end and refuses new requests meanwhile', async () => {
    const gateway = await startGateway({ models: [{ id: 'alpha' }] });
    try {
      gateway.fake.scriptFor('alpha', { text: 'one two three four five six', chunkDelayMs: 120 });
      const stream = await gateway.client.chat.completions.create({
        model: 'alpha',
        stream: true,
        messages: [{ role: 'user', content: 'count' }],
      });
      const closing = gateway.server.close(10_000);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const refused = await fetch(`${gateway.server.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'alpha', messages: [{ role: 'user', content: 'late' }] }),
      }).then(
        (response) => response.status,
        () => 'connection refused',
      );
      let text = '';
      let finish: string | null | undefined;
      for await (const chunk of stream) {
        text += chunk.choices[0]?.delta.content ?? '';
        finish = chunk.choices[0]?.finish_reason ?? finish;
      }
      await closing;
      expect(text).toBe('one two three four five six');
      expect(finish).toBe('stop');
      expect([503, 'connection refused']).toContain(refused);
    } finally {
      await gateway.engine.close();
      await gateway.fake.close();
    }
  });
});
