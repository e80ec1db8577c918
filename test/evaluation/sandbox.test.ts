import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox } from '../../src/learning/evaluation/sandbox/create-sandbox.js';
import { grade } from './grade-helpers.js';

const namespaceSandbox = createSandbox({ containment: 'auto' });
const guardSandbox = createSandbox({ containment: 'guard' });
const namespaceAvailable = (await namespaceSandbox.containment('javascript')).mode === 'namespace';

/** A loopback server the sandboxed code tries to reach; it must never see a request. */
let server: Server;
let url = '';
let hits = 0;
beforeAll(async () => {
  server = createServer((_request, response) => {
    hits += 1;
    response.end('reached');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const codeTests = (
  language: 'javascript' | 'python',
  tests: string[],
  extra: Record<string, unknown> = {},
) => [{ type: 'code-tests', language, tests, ...extra }];

describe.each([
  ['namespace', namespaceSandbox, !namespaceAvailable],
  ['guard', guardSandbox, false],
] as const)('code tests in the %s sandbox', (mode, sandbox, skip) => {
  it.skipIf(skip)('runs JavaScript tests: score is the share passed, failures are named', async () => {
    const result = (
      await grade(
        codeTests('javascript', [
          'assert.equal(add(1, 2), 3)',
          'assert.equal(add(-1, 1), 0)',
          'assert.equal(add(1, 1), 3)',
        ]),
        'Here:\n```js\nexport function add(a, b) { return a + b; }\n```\nUsage: ```add(1, 2)```',
        { sandbox },
      )
    ).grades[0]!;
    expect(result.score).toBeCloseTo(2 / 3);
    expect(result.detail).toMatch(/^2\/3 tests passed; failed test 3: .*2 !== 3/);
    expect(result.detail).toContain(`${mode} sandbox`);
  });

  it.skipIf(skip)('runs Python tests against the module, without running its __main__ block', async () => {
    const answer =
      '```python\ndef add(a, b):\n    return a + b\n\nif __name__ == "__main__":\n    while True:\n        pass\n```';
    const result = (
      await grade(codeTests('python', ['assert add(1, 2) == 3', 'assert add(1, 1) == 3']), answer, {
        sandbox,
      })
    ).grades[0]!;
    expect(result.score).toBe(0.5);
    expect(result.detail).toMatch(/failed test 2: AssertionError: assert add\(1, 1\) == 3/);
  });

  it.skipIf(skip)('kills a JavaScript infinite loop at the time limit', async () => {
    const started = performance.now();
    const result = (
      await grade(
        codeTests('javascript', ['assert.equal(spin(), 1)'], { timeoutMs: 1_000 }),
        'function spin() { for (;;) {} }',
        {
          sandbox,
        },
      )
    ).grades[0]!;
    expect(result.score).toBe(0);
    expect(result.detail).toContain('killed after 1000 ms (time limit)');
    expect(performance.now() - started).toBeLessThan(8_000);
  });

  it.skipIf(skip)('kills a Python infinite loop, including processes it started', async () => {
    const answer =
      'import subprocess\ndef spin():\n    subprocess.Popen(["sleep", "600"])\n    while True:\n        pass';
    const result = (await grade(codeTests('python', ['spin()'], { timeoutMs: 1_000 }), answer, { sandbox }))
      .grades[0]!;
    expect(result.score).toBe(0);
    expect(result.detail).toContain('killed after 1000 ms (time limit)');
  });

  it.skipIf(skip)('JavaScript cannot reach the network', async () => {
    const before = hits;
    const result = (
      await grade(
        codeTests(
          'javascript',
          [
            `const response = await fetch(${JSON.stringify(url)}); assert.equal(await response.text(), 'reached');`,
          ],
          {
            timeoutMs: 5_000,
          },
        ),
        'const ready = true;',
        { sandbox },
      )
    ).grades[0]!;
    expect(result.score).toBe(0);
    expect(result.detail).toMatch(
      mode === 'guard' ? /network access is disabled in the Conclave sandbox/ : /fetch failed/,
    );
    expect(hits).toBe(before);
  });

  it.skipIf(skip)('Python cannot reach the network', async () => {
    const before = hits;
    const test = `import urllib.request\nassert urllib.request.urlopen(${JSON.stringify(url)}, timeout=3).read() == b"reached"`;
    const result = (
      await grade(codeTests('python', [test], { timeoutMs: 6_000 }), 'ready = True', { sandbox })
    ).grades[0]!;
    expect(result.score).toBe(0);
    expect(result.detail).toMatch(mode === 'guard' ? /network access is disabled/ : /URLError/);
    expect(hits).toBe(before);
  });

  it.skipIf(skip)('enforces the memory limit (Python MemoryError, Node heap limit)', async () => {
    const python = (
      await grade(codeTests('python', ['block = bytearray(2 * 1024 ** 3)'], { memoryMb: 128 }), 'x = 1', {
        sandbox,
      })
    ).grades[0]!;
    expect(python.score).toBe(0);
    expect(python.detail).toMatch(/MemoryError/);
    const node = (
      await grade(
        codeTests(
          'javascript',
          ['const keep = []; for (;;) keep.push(new Array(1e6).fill(Math.random()));'],
          {
            memoryMb: 64,
            timeoutMs: 15_000,
          },
        ),
        'const x = 1;',
        { sandbox },
      )
    ).grades[0]!;
    expect(node.score).toBe(0);
    expect(node.detail).toMatch(/memory limit exceeded|killed/);
  });

  it.skipIf(skip)(
    'runs in a temporary directory that is removed, with none of our environment variables',
    async () => {
      process.env.CONCLAVE_TEST_SECRET = 'sk-should-not-leak';
      const result = (
        await grade(
          codeTests('javascript', [
            // biome-ignore lint/suspicious/noTemplateCurlyInString: this is JavaScript the sandbox runs.
            'assert.fail(`cwd=${process.cwd()} secret=${process.env.CONCLAVE_TEST_SECRET}`)',
          ]),
          'const x = 1;',
          {
            sandbox,
          },
        )
      ).grades[0]!;
      delete process.env.CONCLAVE_TEST_SECRET;
      const cwd = /cwd=(\S+)/.exec(result.detail)?.[1];
      expect(cwd).toMatch(/conclave-sandbox-/);
      expect(existsSync(cwd!)).toBe(false);
      expect(result.detail).toContain('secret=undefined');
    },
  );

  it.skipIf(skip)('JavaScript cannot read files outside its directory or start processes', async () => {
    const result = (
      await grade(
        codeTests('javascript', [
          "process.getBuiltinModule('node:fs').readFileSync('/etc/hostname')",
          "process.getBuiltinModule('node:child_process').execSync('true')",
        ]),
        'const x = 1;',
        { sandbox },
      )
    ).grades[0]!;
    expect(result.score).toBe(0);
    expect(result.detail).toMatch(/ERR_ACCESS_DENIED|Access to this API has been restricted/);
  });
});

it('namespace mode is reported when it is available (or the guard fallback says why not)', async () => {
  const containment = await namespaceSandbox.containment('python');
  expect(['namespace', 'guard']).toContain(containment.mode);
  if (containment.mode === 'namespace') expect(containment.namespacePrefix[0]).toBe('unshare');
});
