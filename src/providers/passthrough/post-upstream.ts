import http from 'node:http';
import https from 'node:https';

export interface UpstreamResponse {
  statusCode: number;
  headers: http.IncomingHttpHeaders;
  body: http.IncomingMessage;
}

/**
 * Where an OpenAI-compatible upstream's chat completions are posted, resolved once per provider: the URL is
 * parsed and the request options are built once, not per request.
 */
export interface UpstreamEndpoint {
  url: string;
  client: typeof http | typeof https;
  options: http.RequestOptions;
}

export function upstreamEndpoint(
  baseURL: string,
  headers: Record<string, string>,
  agent: http.Agent,
): UpstreamEndpoint {
  const base = new URL(baseURL);
  const path = `${base.pathname.replace(/\/+$/, '')}/chat/completions`;
  const secure = base.protocol === 'https:';
  return {
    url: `${base.origin}${path}`,
    client: secure ? https : http,
    options: {
      method: 'POST',
      protocol: base.protocol,
      hostname: base.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: base.port || (secure ? 443 : 80),
      path,
      agent,
      headers: { 'content-type': 'application/json', ...headers },
    },
  };
}

/**
 * POSTs a JSON body over the endpoint's keep-alive agent; resolves at the response headers, the body streams
 * after. An abort destroys the request (and its response) with the signal's reason.
 */
export function postUpstream(
  endpoint: UpstreamEndpoint,
  body: string,
  signal?: AbortSignal,
): Promise<UpstreamResponse> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const request = endpoint.client.request(
      {
        ...endpoint.options,
        headers: { ...endpoint.options.headers, 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        resolve({ statusCode: response.statusCode ?? 0, headers: response.headers, body: response });
      },
    );
    if (signal) {
      const onAbort = () => request.destroy(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      request.once('close', () => signal.removeEventListener('abort', onAbort));
    }
    request.on('error', reject);
    request.end(body);
  });
}

/** The whole body as text (rejects when the connection is lost before its end). */
export function readText(body: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    body.on('data', (chunk: Buffer) => chunks.push(chunk));
    body.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    body.once('error', reject);
    body.once('close', () => {
      if (!body.complete) reject(new Error('aborted'));
    });
  });
}
