import http from 'node:http';
import https from 'node:https';

export interface UpstreamResponse {
  statusCode: number;
  headers: http.IncomingHttpHeaders;
  body: http.IncomingMessage;
}

/** POSTs a JSON body over a keep-alive agent; resolves at the response headers, the body streams after. */
export function postUpstream(
  url: URL,
  {
    body,
    headers,
    agent,
    signal,
  }: { body: string; headers: Record<string, string>; agent: http.Agent; signal?: AbortSignal },
): Promise<UpstreamResponse> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    const request = client.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        signal,
      },
      (response) =>
        resolve({ statusCode: response.statusCode ?? 0, headers: response.headers, body: response }),
    );
    request.on('error', reject);
    request.end(body);
  });
}

export async function readText(body: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
