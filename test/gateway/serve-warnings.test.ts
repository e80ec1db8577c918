import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startFakeUpstream } from '../fakes/fake-upstream.js';
import { startServeProcess } from '../helpers/serve-process.js';

describe('conclave serve', () => {
  it('prints a problem that appears while serving (a damaged rules file) once, and says when it is resolved', async () => {
    const fake = await startFakeUpstream();
    fake.setDefault({ text: 'fine' });
    const { server, url, home, stderr } = await startServeProcess(fake.url, 'conclave-serve-warnings-');
    const waitFor = async (pattern: RegExp) => {
      const deadline = Date.now() + 10_000;
      while (!pattern.test(stderr())) {
        if (Date.now() > deadline) throw new Error(`no ${pattern} on stderr:\n${stderr()}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    try {
      const rulesFile = path.join(home.path, 'routing-evidence.json');
      const ask = async () => {
        await fetch(`${url}/admin/evidence/reload`, { method: 'POST' });
        const response = await fetch(`${url}/v1/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'auto', messages: [{ role: 'user', content: 'hello' }] }),
        });
        expect(response.status).toBe(200);
      };

      writeFileSync(rulesFile, '{"version": 1,');
      await ask();
      await waitFor(/warning: Cannot read the routing evidence file .*routing-evidence\.json/);

      writeFileSync(
        rulesFile,
        JSON.stringify({ version: 1, generatedAt: '2026-11-25T00:00:00Z', source: 'test', taskTypes: {} }),
      );
      await ask();
      await waitFor(/resolved: Cannot read the routing evidence file/);
      expect(stderr().match(/warning: Cannot read the routing evidence file/g)).toHaveLength(1);
    } finally {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.on('exit', resolve));
      await fake.close();
      home.cleanup();
    }
  });
});
