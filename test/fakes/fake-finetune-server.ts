import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a fake fine-tuning API received: JSON bodies parsed, multipart bodies split into fields and files. */
export interface FineTuneRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
  contentType: string | undefined;
  json?: unknown;
  fields?: Record<string, string>;
  files?: Record<string, { name: string; content: string }>;
}

export interface FakeReplyBody {
  status: number;
  body: unknown;
}

export type FineTuneRoute = (request: FineTuneRequest, match: RegExpExecArray) => FakeReplyBody;

export interface FakeFineTuneServer {
  url: string;
  requests: FineTuneRequest[];
  close(): Promise<void>;
}

/**
 * A loopback HTTP server for a fine-tuning API: Bearer auth (401 in the provider's error shape otherwise),
 * JSON and multipart/form-data bodies parsed with the platform's own parser, routes matched by method + regex.
 */
export async function startFakeFineTuneServer({
  apiKey,
  routes,
  unauthorized,
  notFound,
}: {
  apiKey: string;
  routes: [method: string, pattern: RegExp, route: FineTuneRoute][];
  unauthorized: () => unknown;
  notFound: (path: string) => unknown;
}): Promise<FakeFineTuneServer> {
  const requests: FineTuneRequest[] = [];
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) =>
      send(response, 500, { error: { message: String(error) } }),
    );
  });
  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://fake');
    const raw = await readBody(request);
    const contentType = request.headers['content-type'];
    const recorded: FineTuneRequest = {
      method: request.method ?? 'GET',
      path: decodeURIComponent(url.pathname),
      query: Object.fromEntries(url.searchParams),
      authorization: request.headers.authorization,
      contentType,
    };
    if (contentType?.startsWith('multipart/form-data')) {
      const form = await new Response(new Uint8Array(raw), {
        headers: { 'content-type': contentType },
      }).formData();
      recorded.fields = {};
      recorded.files = {};
      for (const [name, value] of form.entries()) {
        if (typeof value === 'string') recorded.fields[name] = value;
        else recorded.files[name] = { name: value.name, content: await value.text() };
      }
    } else if (raw.length > 0) {
      recorded.json = JSON.parse(raw.toString('utf8'));
    }
    requests.push(recorded);
    if (recorded.authorization !== `Bearer ${apiKey}`) return send(response, 401, unauthorized());
    for (const [method, pattern, route] of routes) {
      const match = pattern.exec(recorded.path);
      if (method === recorded.method && match) {
        const reply = route(recorded, match);
        return send(response, reply.status, reply.body);
      }
    }
    send(response, 404, notFound(recorded.path));
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** How a fake job moves on: one step per status poll; the last step repeats. */
export type JobPlan = 'succeed' | 'fail' | 'hang';

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
