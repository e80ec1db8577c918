import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const PORTKEY_VERSION = '1.15.2';

/** Installs Portkey's open-source gateway from npm into bench/.portkey (once), with the pinned node-server. */
export function ensurePortkey(benchDir: string): string {
  const directory = path.join(benchDir, '.portkey');
  const entry = path.join(directory, 'node_modules/@portkey-ai/gateway/build/start-server.js');
  if (existsSync(entry)) return entry;
  mkdirSync(directory, { recursive: true });
  writeFileSync(
    path.join(directory, 'package.json'),
    JSON.stringify({
      name: 'portkey-bench',
      private: true,
      dependencies: { '@portkey-ai/gateway': PORTKEY_VERSION },
      // Portkey's SSE streaming needs this node-server version (see DESIGN.md).
      overrides: { '@hono/node-server': '1.14.1' },
    }),
  );
  process.stderr.write(`installing @portkey-ai/gateway@${PORTKEY_VERSION} into ${directory}…\n`);
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: directory,
    stdio: 'inherit',
  });
  return entry;
}
