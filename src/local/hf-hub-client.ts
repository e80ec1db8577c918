import type { HfFileSpec } from './parse-hf-spec.js';

const MAX_REDIRECTS = 10;

export interface HubResponse {
  response: Response;
  /** Headers of every hop served by the hub itself, in order (a CDN's headers say nothing about the file). */
  hubHeaders: Headers[];
}

export interface HubRequest {
  hubUrl: string;
  url: string;
  token?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/**
 * GET with redirects followed by hand: the hub's own 302 carries the file's hash (`x-linked-etag`) and
 * size, which an automatic redirect would hide, and the token must never be forwarded to the CDN.
 */
export async function fetchFromHub({
  hubUrl,
  url,
  token,
  headers = {},
  signal,
}: HubRequest): Promise<HubResponse> {
  const hubOrigin = new URL(hubUrl).origin;
  let current = new URL(url);
  const hubHeaders: Headers[] = [];
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const onHub = current.origin === hubOrigin;
    const response = await fetch(current, {
      redirect: 'manual',
      headers: { ...headers, ...(onHub && token ? { authorization: `Bearer ${token}` } : {}) },
      ...(signal === undefined ? {} : { signal }),
    });
    if (onHub) hubHeaders.push(response.headers);
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || location === null) return { response, hubHeaders };
    await response.body?.cancel();
    current = new URL(location, current);
  }
  throw new Error(`More than ${MAX_REDIRECTS} redirects from ${url}`);
}

/** The hub puts an LFS file's SHA-256 in its etag; git-blob etags (SHA-1) do not qualify. */
export function sha256FromEtag(value: string | null): string | undefined {
  const cleaned = value?.trim().replace(/^W\//, '').replace(/^"|"$/g, '').toLowerCase();
  return cleaned !== undefined && /^[0-9a-f]{64}$/.test(cleaned) ? cleaned : undefined;
}

/** `x-linked-etag` (set on the LFS redirect) wins over a plain `etag`. */
export function expectedSha256FromHeaders(hubHeaders: readonly Headers[]): string | undefined {
  for (const name of ['x-linked-etag', 'etag']) {
    for (const headers of hubHeaders) {
      const sha256 = sha256FromEtag(headers.get(name));
      if (sha256 !== undefined) return sha256;
    }
  }
  return undefined;
}

export interface HubTreeEntry {
  type: string;
  path: string;
  size?: number;
  lfs?: { oid?: string; size?: number };
}

/** Lists the repository's files via `GET /api/models/<owner>/<repo>/tree/<revision>`; undefined if unavailable. */
export async function fetchRepoTree(
  hubUrl: string,
  { owner, repo, revision }: Pick<HfFileSpec, 'owner' | 'repo' | 'revision'>,
  options: { token?: string; signal?: AbortSignal } = {},
): Promise<HubTreeEntry[] | undefined> {
  const url = `${hubUrl.replace(/\/+$/, '')}/api/models/${owner}/${repo}/tree/${encodeURIComponent(revision)}?recursive=true`;
  try {
    const { response } = await fetchFromHub({ hubUrl, url, ...options });
    if (!response.ok) {
      await response.body?.cancel();
      return undefined;
    }
    const body: unknown = await response.json();
    if (!Array.isArray(body)) return undefined;
    return body.filter(
      (entry): entry is HubTreeEntry =>
        typeof entry === 'object' && entry !== null && typeof (entry as HubTreeEntry).path === 'string',
    );
  } catch (error) {
    if (options.signal?.aborted) throw error;
    return undefined;
  }
}
