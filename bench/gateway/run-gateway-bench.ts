/**
 * Gateway overhead benchmark (not a test): direct vs Conclave vs Portkey's gateway, one run, same mock
 * upstream. Gateways are pinned to core 0, the mock upstream and the load generator to core 1.
 *
 *   npm run bench:gateway [-- --duration 5 --sequential 500]
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensurePortkey } from './install-portkey.js';
import { sequentialLatency, type Target, throughput } from './load.js';
import { pinSelf, rssMiB, startPinned, waitForHttp } from './processes.js';
import { formatReport, type Row } from './report.js';

const argument = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const DURATION = argument('duration', 5);
const SEQUENTIAL = argument('sequential', 500);
const CONCURRENCY = [1, 10, 50, 100];
const root = path.resolve(import.meta.dirname, '../..');
const ports = { mock: 18_301, conclave: 18_302, portkey: 18_303, bare: 18_304 };

const children: ChildProcess[] = [];
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

pinSelf(1);
const work = mkdtempSync(path.join(os.tmpdir(), 'conclave-bench-'));
const mock = startPinned(1, process.execPath, [
  '--import',
  'tsx',
  path.join(root, 'bench/gateway/mock-upstream.ts'),
  String(ports.mock),
]);
children.push(mock);
writeFileSync(
  path.join(work, 'conclave.yaml'),
  [
    'providers:',
    `  mock: { type: openai-compatible, baseURL: "http://127.0.0.1:${ports.mock}/v1", location: local }`,
    'models:',
    '  - { id: mock-model, provider: mock, providerModelId: mock-model, contextWindow: 32768, supports: { tools: true, json: true } }',
    'local: { demoModel: false }',
    'discovery: { ollama: false, localServers: false }',
    `server: { port: ${ports.conclave} }`,
  ].join('\n'),
);
const conclave = startPinned(0, process.execPath, [path.join(root, 'dist/cli/main.js'), 'serve'], {
  cwd: work,
  env: { CONCLAVE_HOME: path.join(work, 'home') },
});
children.push(conclave);
const portkeyEntry = ensurePortkey(path.join(root, 'bench'));
const portkey = startPinned(
  0,
  process.execPath,
  [
    '--import',
    path.join(root, 'bench/gateway/force-loopback.mjs'),
    portkeyEntry,
    `--port=${ports.portkey}`,
    '--headless',
  ],
  {
    cwd: path.dirname(portkeyEntry),
  },
);
children.push(portkey);

// The floor for any Node gateway that parses its traffic, pinned like the gateways (a reference, not a product).
const bare = startPinned(0, process.execPath, [
  '--import',
  'tsx',
  path.join(root, 'bench/gateway/bare-proxy.ts'),
  String(ports.bare),
  String(ports.mock),
]);
children.push(bare);

const targets: (Target & { pid: number | undefined })[] = [
  { name: 'direct', url: `http://127.0.0.1:${ports.mock}`, headers: {}, pid: mock.pid },
  { name: 'conclave', url: `http://127.0.0.1:${ports.conclave}`, headers: {}, pid: conclave.pid },
  {
    name: 'portkey',
    url: `http://127.0.0.1:${ports.portkey}`,
    headers: {
      'x-portkey-provider': 'openai',
      'x-portkey-custom-host': `http://127.0.0.1:${ports.mock}/v1`,
      authorization: 'Bearer bench',
    },
    pid: portkey.pid,
  },
  { name: 'bare node proxy', url: `http://127.0.0.1:${ports.bare}`, headers: {}, pid: bare.pid },
];
await waitForHttp(`${targets[0]!.url}/v1/models`);
await waitForHttp(`${targets[1]!.url}/healthz`);
await waitForHttp(`${targets[2]!.url}/`);
await waitForHttp(`${targets[3]!.url}/`);

const rows: Row[] = [];
for (const target of targets) {
  for (const stream of [false, true]) {
    await throughput(target, stream, 10, 2); // warm up JIT and connection pools
    const sequential = await sequentialLatency(target, stream, SEQUENTIAL);
    let peakRss = rssMiB(target.pid);
    for (const connections of CONCURRENCY) {
      const sampler = setInterval(() => {
        peakRss = Math.max(peakRss, rssMiB(target.pid));
      }, 200);
      const result = await throughput(target, stream, connections, DURATION);
      clearInterval(sampler);
      rows.push({
        target: target.name,
        mode: stream ? 'sse' : 'json',
        connections,
        ...result,
        sequential,
        peakRssMiB: peakRss,
      });
      process.stderr.write(
        `${target.name} ${stream ? 'sse ' : 'json'} c=${connections}: ${result.requestsPerSecond.toFixed(0)} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, errors ${result.errors + result.non2xx}\n`,
      );
    }
  }
}

const report = formatReport(rows, {
  duration: DURATION,
  sequential: SEQUENTIAL,
  cpus: os.cpus().length,
  node: process.version,
});
const out = path.join(root, 'bench/results');
mkdirSync(out, { recursive: true });
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
writeFileSync(path.join(out, `gateway-${stamp}.json`), JSON.stringify(rows, null, 2));
writeFileSync(path.join(out, `gateway-${stamp}.md`), report);
process.stdout.write(`${report}\n`);
process.exit(0);
