import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { ConclaveError } from '../../src/core/conclave-error.js';
import { pullModel } from '../../src/local/pull-model.js';
import { type FakeHfHub, startFakeHfHub } from '../fakes/fake-hf-hub.js';

const content = randomBytes(300_000);
const sha256 = createHash('sha256').update(content).digest('hex');
const SPEC = 'hf:tiny-org/Tiny-GGUF/tiny-q8_0.gguf';

let hub: FakeHfHub;
let modelsDir: string;
const targetPath = () => path.join(modelsDir, 'tiny-org', 'Tiny-GGUF', 'tiny-q8_0.gguf');
const cdnRequests = () => hub.requests.filter((request) => request.server === 'cdn');

async function failure(promise: Promise<unknown>): Promise<ConclaveError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ConclaveError);
  return error as ConclaveError;
}

beforeEach(async () => {
  vi.stubEnv('HF_TOKEN', '');
  modelsDir = await mkdtemp(path.join(tmpdir(), 'conclave-pull-'));
  hub = await startFakeHfHub({
    files: [
      { repo: 'tiny-org/Tiny-GGUF', path: 'tiny-q8_0.gguf', content },
      { repo: 'tiny-org/Tiny-GGUF', path: 'quantized/tiny-q4_k_m.gguf', content: Buffer.from('other') },
      { repo: 'tiny-org/Tiny-GGUF', path: 'README.md', content: Buffer.from('# Tiny') },
      { repo: 'secret-org/Gated-GGUF', path: 'gated.gguf', content },
    ],
    privateRepos: { 'secret-org/Gated-GGUF': 'hf_right' },
  });
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await hub.close();
});

describe('pullModel', () => {
  test('downloads through the CDN redirect with progress, verifies the SHA-256 and renames into place', async () => {
    const progress: { bytes: number; totalBytes: number | undefined }[] = [];
    const pulled = await pullModel({
      spec: SPEC,
      modelsDir,
      hubUrl: hub.url,
      onProgress: (update) => progress.push(update),
    });
    expect(pulled).toEqual({
      id: 'tiny-org/Tiny-GGUF/tiny-q8_0',
      path: targetPath(),
      sizeBytes: content.length,
      sha256,
      verified: true,
      downloaded: true,
    });
    expect(await readFile(targetPath())).toEqual(content);
    expect(await readdir(path.dirname(targetPath()))).toEqual(['tiny-q8_0.gguf']);
    expect(progress.at(-1)).toEqual({ bytes: content.length, totalBytes: content.length });
    const byteCounts = progress.map((update) => update.bytes);
    expect(byteCounts).toEqual([...byteCounts].sort((left, right) => left - right));
    expect(hub.requests[0]?.path).toBe('/tiny-org/Tiny-GGUF/resolve/main/tiny-q8_0.gguf');

    const again = await pullModel({ spec: SPEC, modelsDir, hubUrl: hub.url });
    expect(again.downloaded).toBe(false);
    expect(hub.requests).toHaveLength(2);
  });

  test('resumes a cut download with a Range request on the next call', async () => {
    hub.faults.push({ type: 'cut', afterBytes: 100_000 });
    const cut = await failure(pullModel({ spec: SPEC, modelsDir, hubUrl: hub.url, retries: 0 }));
    expect(cut.kind).toBe('network');
    expect(cut.hint).toMatch(/resume/);
    const partialSize = (await stat(`${targetPath()}.partial`)).size;
    expect(partialSize).toBeGreaterThan(0);
    expect(partialSize).toBeLessThan(content.length);

    const progress: number[] = [];
    const pulled = await pullModel({
      spec: SPEC,
      modelsDir,
      hubUrl: hub.url,
      onProgress: ({ bytes }) => progress.push(bytes),
    });
    expect(pulled.verified).toBe(true);
    expect(progress[0]).toBe(partialSize);
    expect(cdnRequests().at(-1)?.headers.range).toBe(`bytes=${partialSize}-`);
    expect(await readFile(targetPath())).toEqual(content);
  });

  test('a full disk is a clear error naming the file, not a network error, and is not retried', async () => {
    await mkdir(path.dirname(targetPath()), { recursive: true });
    // Writes to /dev/full fail with ENOSPC, as on a full disk.
    await symlink('/dev/full', `${targetPath()}.partial`);
    const error = await failure(pullModel({ spec: SPEC, modelsDir, hubUrl: hub.url }));
    expect(error.kind).toBe('config');
    expect(error.message).toContain(`Cannot write ${targetPath()}.partial`);
    expect(error.message).toContain('ENOSPC');
    expect(error.hint).toMatch(/disk space/);
    expect(cdnRequests()).toHaveLength(1);
  });

  test('resumes automatically within one call when retries are allowed', async () => {
    hub.faults.push({ type: 'cut', afterBytes: 50_000 }, { type: 'cut', afterBytes: 50_000 });
    const pulled = await pullModel({ spec: SPEC, modelsDir, hubUrl: hub.url });
    expect(pulled.sha256).toBe(sha256);
    expect(cdnRequests().map((request) => request.headers.range)).toEqual([
      undefined,
      expect.stringMatching(/^bytes=\d+-$/),
      expect.stringMatching(/^bytes=\d+-$/),
    ]);
    expect(await readFile(targetPath())).toEqual(content);
  });

  test('starts over when the server ignores the Range header', async () => {
    await mkdir(path.dirname(targetPath()), { recursive: true });
    await writeFile(`${targetPath()}.partial`, content.subarray(0, 1000));
    hub.faults.push({ type: 'ignore-range' });
    await pullModel({ spec: SPEC, modelsDir, hubUrl: hub.url });
    expect(await readFile(targetPath())).toEqual(content);
  });

  test('deletes the download and fails on a checksum mismatch', async () => {
    hub.faults.push({ type: 'corrupt' });
    const mismatch = await failure(pullModel({ spec: SPEC, modelsDir, hubUrl: hub.url }));
    expect(mismatch.message).toContain(`expected SHA-256 ${sha256}`);
    expect(mismatch.retryable).toBe(false);
    expect(await readdir(path.dirname(targetPath()))).toEqual([]);
  });

  test('takes the expected hash from the tree API when the hub sends no etag', async () => {
    await hub.close();
    hub = await startFakeHfHub({
      files: [{ repo: 'tiny-org/Tiny-GGUF', path: 'tiny-q8_0.gguf', content }],
      omitEtags: true,
    });
    hub.faults.push({ type: 'corrupt' });
    const mismatch = await failure(pullModel({ spec: SPEC, modelsDir, hubUrl: hub.url }));
    expect(mismatch.message).toMatch(/Checksum mismatch/);
    expect(
      hub.requests.some((request) => request.path.startsWith('/api/models/tiny-org/Tiny-GGUF/tree/main')),
    ).toBe(true);
    const pulled = await pullModel({ spec: SPEC, modelsDir, hubUrl: hub.url });
    expect(pulled.verified).toBe(true);
  });

  test('a missing file is a not-found error listing the repository’s GGUF files', async () => {
    const missing = await failure(
      pullModel({ spec: 'hf:tiny-org/Tiny-GGUF/nope.gguf', modelsDir, hubUrl: hub.url }),
    );
    expect(missing.kind).toBe('not-found');
    expect(missing.message).toBe('No file nope.gguf in tiny-org/Tiny-GGUF at revision "main".');
    expect(missing.hint).toBe(
      'GGUF files in tiny-org/Tiny-GGUF: hf:tiny-org/Tiny-GGUF/tiny-q8_0.gguf, hf:tiny-org/Tiny-GGUF/quantized/tiny-q4_k_m.gguf',
    );
    const noRepo = await failure(
      pullModel({ spec: 'hf:tiny-org/Nope/x.gguf@v2', modelsDir, hubUrl: hub.url }),
    );
    expect(noRepo.message).toBe('No repository tiny-org/Nope with revision "v2" on the hub.');
  });

  test('private repositories need HF_TOKEN, which is never sent to the CDN', async () => {
    const spec = 'hf:secret-org/Gated-GGUF/gated.gguf';
    const anonymous = await failure(pullModel({ spec, modelsDir, hubUrl: hub.url }));
    expect(anonymous).toMatchObject({ kind: 'auth', status: 401 });
    expect(anonymous.hint).toMatch(/Set HF_TOKEN/);
    const wrong = await failure(pullModel({ spec, modelsDir, hubUrl: hub.url, token: 'hf_wrong' }));
    expect(wrong).toMatchObject({ kind: 'forbidden', status: 403 });

    vi.stubEnv('HF_TOKEN', 'hf_right');
    const pulled = await pullModel({ spec, modelsDir, hubUrl: hub.url });
    expect(pulled.verified).toBe(true);
    expect(hub.requests.at(-2)?.headers.authorization).toBe('Bearer hf_right');
    expect(cdnRequests().every((request) => request.headers.authorization === undefined)).toBe(true);
  });

  test.each([
    ['tiny-org/Tiny-GGUF/tiny.gguf', 'it must start with "hf:"'],
    ['hf:tiny-org/tiny.gguf', 'it needs an owner, a repository and a file path'],
    ['hf:tiny-org/Tiny-GGUF/README.md', 'the file must be a .gguf file'],
    ['hf:tiny-org/Tiny-GGUF/../../etc/x.gguf', '"../../etc/x.gguf" is not a valid file path'],
  ])('rejects the bad spec %s with what is wrong and an example', async (spec, problem) => {
    const invalid = await failure(pullModel({ spec, modelsDir, hubUrl: hub.url }));
    expect(invalid.kind).toBe('bad-request');
    expect(invalid.message).toBe(`Invalid model spec "${spec}": ${problem}.`);
    expect(invalid.hint).toMatch(
      /^Use hf:<owner>\/<repo>\/<path\/to\/file\.gguf>\[@<revision>\], e\.g\. hf:/,
    );
    expect(hub.requests).toHaveLength(0);
  });

  test('downloads a pinned revision from a subfolder', async () => {
    await hub.close();
    hub = await startFakeHfHub({
      files: [{ repo: 'tiny-org/Tiny-GGUF', path: 'q/tiny.gguf', content, revision: 'abc123' }],
    });
    const pulled = await pullModel({
      spec: 'hf:tiny-org/Tiny-GGUF/q/tiny.gguf@abc123',
      modelsDir,
      hubUrl: hub.url,
    });
    expect(pulled.id).toBe('tiny-org/Tiny-GGUF/q/tiny');
    expect(hub.requests[0]?.path).toBe('/tiny-org/Tiny-GGUF/resolve/abc123/q/tiny.gguf');
  });

  test('an abort keeps the partial file, and the next pull resumes from it', async () => {
    const controller = new AbortController();
    const cancelled = await failure(
      pullModel({
        spec: SPEC,
        modelsDir,
        hubUrl: hub.url,
        signal: controller.signal,
        onProgress: ({ bytes }) => {
          if (bytes > 150_000) controller.abort();
        },
      }),
    );
    expect(cancelled.kind).toBe('cancelled');
    // Whatever reached the disk before the abort is a prefix of the file; the resume re-hashes it.
    expect((await stat(`${targetPath()}.partial`)).size).toBeLessThan(content.length);
    const pulled = await pullModel({ spec: SPEC, modelsDir, hubUrl: hub.url });
    expect(pulled.sha256).toBe(sha256);
  });
});
