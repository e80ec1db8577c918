import type http from 'node:http';
import { type AuthorizeOptions, authorize } from './authorize.js';
import type { createChatCompletionHandler } from './chat-completion-handler.js';
import { errorReply, type GatewayReply } from './gateway-reply.js';
import { bodyTooLarge, parseJsonBody } from './json-body.js';
import { chatCompletionSchema } from './openai/chat-completion-schema.js';

export interface FastChatOptions {
  auth: AuthorizeOptions;
  handle: ReturnType<typeof createChatCompletionHandler>;
  maxBodyBytes: number;
}

/**
 * `POST /v1/chat/completions` straight on node:http — the gateway's hot path skips the web Request/Response
 * translation. It runs exactly the same handler as the Hono route, so behaviour is identical.
 */
export function createFastChatRoute({ auth, handle, maxBodyBytes }: FastChatOptions) {
  return async (request: http.IncomingMessage, response: http.ServerResponse): Promise<void> => {
    const controller = new AbortController();
    // The client went away before the answer was complete: cancel the run and its upstream call.
    response.once('close', () => {
      if (!response.writableFinished) controller.abort();
    });
    let reply: GatewayReply;
    try {
      const { apiKey } = authorize(
        auth,
        request.headers.authorization,
        header(request, 'x-api-key') ?? undefined,
      );
      const body = parseJsonBody(await readBody(request, maxBodyBytes), chatCompletionSchema);
      reply = await handle({
        body,
        headers: { get: (name) => header(request, name) },
        apiKey,
        signal: controller.signal,
      });
    } catch (error) {
      reply = errorReply(error);
    }
    if (reply.kind === 'json') {
      response.writeHead(reply.status, reply.headers);
      response.end(reply.body);
      return;
    }
    response.writeHead(reply.status, reply.headers);
    await writeEvents(response, reply, controller.signal);
  };
}

/**
 * Writes SSE events as the reply produces them. The first goes out at once (time to first byte); later
 * events produced in the same event-loop turn are joined into one socket write.
 */
async function writeEvents(
  response: http.ServerResponse,
  reply: GatewayReply & { kind: 'sse' },
  clientGone: AbortSignal,
): Promise<void> {
  let pending = '';
  let scheduled = false;
  let first = true;
  const flush = () => {
    scheduled = false;
    if (pending && !response.destroyed) response.write(pending);
    pending = '';
  };
  try {
    await reply.pipe((event) => {
      if (response.destroyed) return;
      if (first) {
        first = false;
        response.write(event);
        // Node corks the socket on a response's first write and uncorks it on the next tick, after every
        // queued microtask — the rest of the answer's processing. Uncorking now sends the first byte now.
        response.socket?.uncork();
        return;
      }
      pending += event;
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    }, clientGone);
  } finally {
    if (!response.destroyed) response.end(pending);
    pending = '';
  }
}

function header(request: http.IncomingMessage, name: string): string | null {
  const value = request.headers[name];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}

/** The request body as text, refused past `maxBytes` (read with listeners: cheaper than async iteration). */
function readBody(request: http.IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(request.headers['content-length'] ?? Number.NaN);
    if (Number.isFinite(declared) && declared > maxBytes) {
      request.resume();
      reject(bodyTooLarge(maxBytes));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        request.off('data', onData);
        request.resume();
        reject(bodyTooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    request.on('data', onData);
    request.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.once('error', reject);
    request.once('close', () => {
      if (!request.complete)
        reject(new Error('The client closed the connection before sending the whole body.'));
    });
  });
}
