import { stat } from 'node:fs/promises';
import path from 'node:path';
import { ConclaveError } from '../core/conclave-error.js';
import { downloadToPartial } from './download-to-partial.js';
import { fetchRepoTree } from './hf-hub-client.js';
import { parseHfSpec } from './parse-hf-spec.js';

export interface PullProgress {
  bytes: number;
  /** Undefined when the hub does not announce the size. */
  totalBytes: number | undefined;
}

export interface PullModelOptions {
  /** `hf:<owner>/<repo>/<path/to/file.gguf>[@<revision>]` */
  spec: string;
  modelsDir: string;
  hubUrl?: string;
  /** Hugging Face access token, needed for private and gated repositories. Defaults to $HF_TOKEN. */
  token?: string;
  onProgress?: (progress: PullProgress) => void;
  signal?: AbortSignal;
  /** Automatic resumes after a network failure. Default 3. */
  retries?: number;
  /** Fail (and resume) when no byte arrives for this long. Default 60 s. */
  stallTimeoutMs?: number;
}

export interface PulledModel {
  /** Model id as `listModelFiles` reports it: `<owner>/<repo>/<file>` without `.gguf`. */
  id: string;
  path: string;
  sizeBytes: number;
  /** Hex SHA-256 of the downloaded bytes; undefined when the file was already present. */
  sha256: string | undefined;
  /** True when the hash was checked against the hub's; false when the hub published none. */
  verified: boolean;
  /** False when the file was already in the models directory. */
  downloaded: boolean;
}

async function sizeIfPresent(filePath: string): Promise<number | undefined> {
  return (await stat(filePath).catch(() => undefined))?.size;
}

/**
 * Downloads a GGUF file from a Hugging Face compatible hub into `<modelsDir>/<owner>/<repo>/<file>`:
 * streamed to `<file>.partial`, resumed with a Range request after an interruption (automatically up to
 * `retries` times, or by calling again later), checked against the hub's SHA-256 and renamed into place
 * only when complete and intact.
 */
export async function pullModel({
  spec,
  modelsDir,
  hubUrl = 'https://huggingface.co',
  token = process.env.HF_TOKEN,
  onProgress,
  signal,
  retries = 3,
  stallTimeoutMs = 60_000,
}: PullModelOptions): Promise<PulledModel> {
  const fileSpec = parseHfSpec(spec);
  const { owner, repo, file, revision } = fileSpec;
  const targetPath = path.join(modelsDir, owner, repo, ...file.split('/'));
  const id = `${owner}/${repo}/${file.replace(/\.gguf$/i, '')}`;
  const existingSize = await sizeIfPresent(targetPath);
  if (existingSize !== undefined) {
    return {
      id,
      path: targetPath,
      sizeBytes: existingSize,
      sha256: undefined,
      verified: false,
      downloaded: false,
    };
  }

  const base = hubUrl.replace(/\/+$/, '');
  const url = `${base}/${owner}/${repo}/resolve/${encodeURIComponent(revision)}/${file.split('/').map(encodeURIComponent).join('/')}`;
  const lookupExpectedSha256 = async () => {
    const tree = await fetchRepoTree(base, fileSpec, {
      ...(token ? { token } : {}),
      ...(signal ? { signal } : {}),
    });
    const oid = tree?.find((entry) => entry.path === file)?.lfs?.oid?.toLowerCase();
    return oid !== undefined && /^[0-9a-f]{64}$/.test(oid) ? oid : undefined;
  };

  for (let attempt = 0; ; attempt++) {
    try {
      const result = await downloadToPartial({
        hubUrl: base,
        url,
        spec: fileSpec,
        targetPath,
        lookupExpectedSha256,
        stallTimeoutMs,
        ...(token ? { token } : {}),
        ...(onProgress ? { onProgress } : {}),
        ...(signal ? { signal } : {}),
      });
      return { id, path: targetPath, ...result, downloaded: true };
    } catch (error) {
      if (signal?.aborted) {
        throw new ConclaveError('cancelled', `Download of ${spec} was cancelled; run it again to resume.`, {
          cause: error,
        });
      }
      const retryable = ConclaveError.is(error) && error.kind === 'network';
      if (!retryable || attempt >= retries) throw error;
    }
  }
}
