import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback stand-in for the Hugging Face hub, speaking its real download protocol:
 * `GET /<owner>/<repo>/resolve/<revision>/<path>` answers LFS files with a 302 to a separate CDN origin and
 * carries the SHA-256 in `x-linked-etag` (plus `x-linked-size`); the CDN serves bytes with Range support;
 * `GET /api/models/<owner>/<repo>/tree/<revision>` lists files with `lfs.oid`. Faults are scripted per CDN
 * request, in order.
 */

export interface FakeHubFile {
  /** `owner/name` */
  repo: string;
  path: string;
  content: Buffer;
  revision?: string;
}

export type FakeCdnFault =
  /** Send this many bytes of the body, then destroy the connection. */
  | { type: 'cut'; afterBytes: number }
  /** Serve different bytes than the hub's hash promises. */
  | { type: 'corrupt' }
  /** Answer 200 with the whole file even when a Range was asked for. */
  | { type: 'ignore-range' }
  /** Answer with this status and no body. */
  | { type: 'status'; status: number };

export interface FakeHubRequest {
  server: 'hub' | 'cdn';
  path: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface FakeHfHubOptions {
  files: FakeHubFile[];
  /** Repositories that need `Authorization: Bearer <token>`: 401 without one, 403 with a wrong one. */
  privateRepos?: Record<string, string>;
  /** Leave out `x-linked-etag`/`etag`, so clients must consult the tree API for the hash. */
  omitEtags?: boolean;
}

export interface FakeHfHub {
  url: string;
  cdnUrl: string;
  requests: FakeHubRequest[];
  /** Faults consumed one per CDN request. */
  faults: FakeCdnFault[];
  close(): Promise<void>;
}

const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    );
  });
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

export async function startFakeHfHub({
  files,
  privateRepos = {},
  omitEtags = false,
}: FakeHfHubOptions): Promise<FakeHfHub> {
  const requests: FakeHubRequest[] = [];
  const faults: FakeCdnFault[] = [];
  const blobs = new Map(files.map((file) => [sha256(file.content), file.content]));
  let cdnUrl = '';

  const authorize = (repo: string, request: IncomingMessage, response: ServerResponse): boolean => {
    const token = privateRepos[repo];
    if (token === undefined) return true;
    const given = request.headers.authorization;
    if (given === undefined) json(response, 401, { error: 'Invalid username or password.' });
    else if (given !== `Bearer ${token}`)
      json(response, 403, { error: 'Access to this repo is restricted.' });
    return given === `Bearer ${token}`;
  };

  const hub = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://hub');
    const path = decodeURIComponent(url.pathname);
    requests.push({ server: 'hub', path: url.pathname + url.search, headers: request.headers });
    const tree = /^\/api\/models\/([^/]+\/[^/]+)\/tree\/([^/]+)$/.exec(path);
    const resolve = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(path);
    const match = tree ?? resolve;
    if (match === null) return json(response, 404, { error: 'Not found' });
    const [, repo = '', revision = ''] = match;
    const repoFiles = files.filter((file) => file.repo === repo && (file.revision ?? 'main') === revision);
    if (!files.some((file) => file.repo === repo)) {
      response.setHeader('x-error-code', 'RepositoryNotFound');
      return json(response, 404, { error: 'Repository not found' });
    }
    if (!authorize(repo, request, response)) return;
    if (tree !== null) {
      return json(
        response,
        200,
        repoFiles.map((file) => ({
          type: 'file',
          oid: createHash('sha1').update(file.content).digest('hex'),
          size: file.content.length,
          path: file.path,
          lfs: { oid: sha256(file.content), size: file.content.length, pointerSize: 134 },
        })),
      );
    }
    const file = repoFiles.find((candidate) => candidate.path === resolve?.[3]);
    if (file === undefined) {
      response.setHeader('x-error-code', 'EntryNotFound');
      return json(response, 404, { error: 'Entry not found' });
    }
    const hash = sha256(file.content);
    const headers: Record<string, string> = {
      location: `${cdnUrl}/blobs/${hash}?signature=fake`,
      'x-linked-size': String(file.content.length),
    };
    if (!omitEtags) Object.assign(headers, { 'x-linked-etag': `"${hash}"`, etag: `"${hash}"` });
    response.writeHead(302, headers).end();
  });

  const cdn = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://cdn');
    requests.push({ server: 'cdn', path: url.pathname + url.search, headers: request.headers });
    const original = blobs.get(url.pathname.replace(/^\/blobs\//, ''));
    if (original === undefined) return json(response, 404, { error: 'No such blob' });
    const fault = faults.shift();
    if (fault?.type === 'status') return void response.writeHead(fault.status).end();
    const content = fault?.type === 'corrupt' ? Buffer.from(original).fill(0x2a, 0, 16) : original;
    const range = /^bytes=(\d+)-$/.exec(request.headers.range ?? '');
    const start = range !== null && fault?.type !== 'ignore-range' ? Number(range[1]) : 0;
    if (start >= content.length && start > 0) {
      return void response.writeHead(416, { 'content-range': `bytes */${content.length}` }).end();
    }
    const body = content.subarray(start);
    response.writeHead(start > 0 ? 206 : 200, {
      'content-length': String(body.length),
      'accept-ranges': 'bytes',
      ...(start > 0 ? { 'content-range': `bytes ${start}-${content.length - 1}/${content.length}` } : {}),
    });
    if (fault?.type === 'cut') {
      // Flush part of the body, then drop the connection the way a flaky network does.
      response.write(body.subarray(0, fault.afterBytes), () => setTimeout(() => response.destroy(), 20));
      return;
    }
    response.end(body);
  });

  const url = await listen(hub);
  cdnUrl = await listen(cdn);
  return {
    url,
    cdnUrl,
    requests,
    faults,
    close: async () => {
      hub.closeAllConnections();
      cdn.closeAllConnections();
      await Promise.all([new Promise((done) => hub.close(done)), new Promise((done) => cdn.close(done))]);
    },
  };
}
