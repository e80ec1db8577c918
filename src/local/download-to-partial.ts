import { createHash, type Hash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { ConclaveError } from '../core/conclave-error.js';
import { expectedSha256FromHeaders, fetchFromHub } from './hf-hub-client.js';
import { hubHttpError } from './hub-http-error.js';
import type { HfFileSpec } from './parse-hf-spec.js';

export interface DownloadToPartialOptions {
  hubUrl: string;
  url: string;
  spec: HfFileSpec;
  targetPath: string;
  token?: string;
  onProgress?: (progress: { bytes: number; totalBytes: number | undefined }) => void;
  signal?: AbortSignal;
  stallTimeoutMs: number;
  /** Fallback when the hub's headers carry no SHA-256 (asks the tree API). */
  lookupExpectedSha256: () => Promise<string | undefined>;
}

const networkError = (message: string, cause?: unknown) =>
  new ConclaveError('network', message, { cause, hint: 'Run the same pull again to resume the download.' });

async function hashExistingBytes(hash: Hash, filePath: string): Promise<void> {
  for await (const chunk of createReadStream(filePath)) hash.update(chunk as Buffer);
}

function parseContentRange(value: string | null): { start: number; total: number | undefined } | undefined {
  const match = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(value?.trim() ?? '');
  if (match === null) return undefined;
  return { start: Number(match[1]), total: match[2] === '*' ? undefined : Number(match[2]) };
}

/** One download attempt into `<target>.partial`, resuming what is there; renames into place when verified. */
export async function downloadToPartial(
  options: DownloadToPartialOptions,
): Promise<{ sizeBytes: number; sha256: string; verified: boolean }> {
  const { hubUrl, url, spec, targetPath, token, onProgress, signal, stallTimeoutMs } = options;
  const partialPath = `${targetPath}.partial`;
  await mkdir(path.dirname(targetPath), { recursive: true });
  let offset = (await stat(partialPath).catch(() => undefined))?.size ?? 0;

  // A connection that stays open but sends nothing would otherwise hang forever.
  const stall = new AbortController();
  let stallTimer: NodeJS.Timeout | undefined;
  const resetStallTimer = () => {
    clearTimeout(stallTimer);
    stallTimer = setTimeout(
      () => stall.abort(networkError(`The download stalled for ${stallTimeoutMs} ms.`)),
      stallTimeoutMs,
    );
  };
  const requestSignal = signal === undefined ? stall.signal : AbortSignal.any([signal, stall.signal]);

  try {
    resetStallTimer();
    const { response, hubHeaders } = await fetchFromHub({
      hubUrl,
      url,
      ...(token ? { token } : {}),
      headers: offset > 0 ? { range: `bytes=${offset}-` } : {},
      signal: requestSignal,
    }).catch((error: unknown) => {
      throw stall.signal.aborted
        ? stall.signal.reason
        : networkError(`Could not reach the hub: ${(error as Error).message}`, error);
    });

    if (
      response.status === 416 ||
      (response.status === 206 && parseContentRange(response.headers.get('content-range'))?.start !== offset)
    ) {
      // What we have is not a prefix of the file (it changed, or the partial is corrupt): start over.
      await response.body?.cancel();
      await rm(partialPath, { force: true });
      throw networkError('The partial download did not match the file on the hub; starting over.');
    }
    if (!response.ok || response.body === null) {
      await response.body?.cancel();
      throw await hubHttpError(response.status, hubUrl, spec, {
        ...(token ? { token } : {}),
        ...(signal ? { signal } : {}),
      });
    }
    if (response.status === 200) offset = 0; // the server ignored the Range header: rewrite from the start

    const expectedSha256 = expectedSha256FromHeaders(hubHeaders) ?? (await options.lookupExpectedSha256());
    const contentLength = Number(response.headers.get('content-length') ?? Number.NaN);
    const totalBytes =
      parseContentRange(response.headers.get('content-range'))?.total ??
      (Number.isFinite(contentLength) ? offset + contentLength : undefined);

    const hash = createHash('sha256');
    if (offset > 0) await hashExistingBytes(hash, partialPath);
    resetStallTimer(); // re-reading a multi-gigabyte partial is not a stall
    let bytes = offset;
    onProgress?.({ bytes, totalBytes });
    // Every byte received is on disk before an interruption is reported, so the next pull resumes from it
    // (a pipeline would destroy the file stream on a network error and drop its queued writes).
    const file = createWriteStream(partialPath, { flags: offset > 0 ? 'a' : 'w' });
    let writeError: Error | undefined;
    file.on('error', (error) => {
      writeError ??= error;
    });
    let interruption: unknown;
    try {
      for await (const chunk of Readable.fromWeb(response.body as WebReadableStream<Uint8Array>, {
        signal: requestSignal,
      }) as AsyncIterable<Buffer>) {
        resetStallTimer();
        hash.update(chunk);
        bytes += chunk.length;
        onProgress?.({ bytes, totalBytes });
        if (writeError) break;
        if (!file.write(chunk)) await once(file, 'drain', { signal: requestSignal });
      }
    } catch (error) {
      interruption = error;
    }
    if (!writeError) {
      file.end();
      await finished(file).catch(() => undefined);
    }
    if (writeError) {
      file.destroy();
      throw new ConclaveError('config', `Cannot write ${partialPath}: ${writeError.message}`, {
        cause: writeError,
        hint: 'Free disk space or point models.dir at a writable disk, then pull again to resume.',
      });
    }
    if (interruption !== undefined) {
      if (signal?.aborted) throw interruption;
      throw stall.signal.aborted
        ? stall.signal.reason
        : networkError(`The download was interrupted after ${bytes} bytes.`, interruption);
    }
    if (totalBytes !== undefined && bytes !== totalBytes) {
      throw networkError(`The download ended after ${bytes} of ${totalBytes} bytes.`);
    }

    const sha256 = hash.digest('hex');
    if (expectedSha256 !== undefined && sha256 !== expectedSha256) {
      await rm(partialPath, { force: true });
      throw new ConclaveError(
        'upstream',
        `Checksum mismatch for ${spec.file}: expected SHA-256 ${expectedSha256}, got ${sha256}. The download was deleted.`,
        {
          retryable: false,
          hint: 'Pull again; if it keeps failing, the file may have changed on the hub (pin a revision with @<commit>).',
        },
      );
    }
    await rename(partialPath, targetPath);
    return { sizeBytes: bytes, sha256, verified: expectedSha256 !== undefined };
  } finally {
    clearTimeout(stallTimer);
  }
}
