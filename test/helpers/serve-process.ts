import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createTempHome } from './temp-home.js';

const MAIN = path.resolve(import.meta.dirname, '../../dist/cli/main.js');

export interface ServeProcess {
  server: ChildProcessWithoutNullStreams;
  url: string;
  home: { path: string; cleanup: () => void };
  /** Everything the server wrote to stderr so far. */
  stderr(): string;
}

/**
 * `conclave serve` as a user starts it — the built CLI in its own process, a conclave.yaml in a fresh home —
 * with one local model `alpha` on the given OpenAI-compatible upstream. Resolves once it prints its URL.
 */
export async function startServeProcess(upstreamUrl: string, prefix: string): Promise<ServeProcess> {
  const home = createTempHome(prefix);
  writeFileSync(
    path.join(home.path, 'conclave.yaml'),
    [
      'providers:',
      `  fake: { type: openai-compatible, baseURL: "${upstreamUrl}/v1", location: local }`,
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
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    server.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[^\s]+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    server.on('exit', (code) => reject(new Error(`server exited early (${code}): ${stderr}`)));
  });
  return { server, url, home, stderr: () => stderr };
}
