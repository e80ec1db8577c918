import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startFakeUpstream } from '../fakes/fake-upstream.js';
import { createTempHome } from '../helpers/temp-home.js';

const MAIN = path.resolve(import.meta.dirname, '../../dist/cli/main.js');

describe('conclave serve', () => {
  it('prints a problem that appears while serving (a damaged rules file) once, and says when it is resolved', async () => {
    const fake = await startFakeUpstream();
    fake.setDefault({ text: 'fine' });
    const home = createTempHome('conclave-serve-warnings-');
    writeFileSync(
      path.join(home.path, 'conclave.yaml'),
      [
        'providers:',
        `  fake: { type: openai-compatible, baseURL: "${fake.url}/v1", location: local }`,
        'models:',
        '  - { id: alpha, provider: fake, providerModelId: alpha }',
        'local: { demoModel: false }',
        'discovery: { ollama: false, localServers: false }',
      ].join('\n'),
    );
    const server = spawn(process.execPath, [MAIN, 'serve', '--port', '0'], {
      cwd: home.path,
      env: { ...process.env, CONCLAVE_HOME: home.path, NO_COLOR: '1' },
    });
    let stderr = '';
    server.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const waitFor = async (pattern: RegExp) => {
      const deadline = Date.now() + 10_000;
      while (!pattern.test(stderr)) {
        if (Date.now() > deadline) throw new Error(`no ${pattern} on stderr:\n${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let output = '';
        server.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /listening on (http:\/\/[^\s]+)/.exec(output);
          if (match) resolve(match[1]!);
        });
        server.on('exit', (code) => reject(new Error(`server exited early (${code})`)));
      });
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
      expect(stderr.match(/warning: Cannot read the routing evidence file/g)).toHaveLength(1);
    } finally {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.on('exit', resolve));
      await fake.close();
      home.cleanup();
    }
  });
});
