import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { parseByteSize } from '../config/parse-byte-size.js';
import { ConclaveError } from '../core/conclave-error.js';
import type { Engine } from '../engine.js';
import { createChatCompletionHandler } from './chat-completion-handler.js';
import { createApp } from './create-app.js';
import { createFairQueue } from './fair-queue.js';
import { createFastChatRoute } from './fast-chat-route.js';
import { errorReply } from './gateway-reply.js';
import { createKeyLimits } from './key-limits.js';

export interface StartServerOptions {
  engine: Engine;
  host?: string;
  port?: number;
  maxConcurrency?: number;
  maxQueuedPerKey?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  /** True when the gateway is open (no API keys): allowed on loopback only. */
  open: boolean;
  /** Stops accepting requests, lets in-flight requests and streams finish (up to `drainMs`), then closes. */
  close(drainMs?: number): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export async function startServer({
  engine,
  host,
  port,
  maxConcurrency,
  maxQueuedPerKey,
}: StartServerOptions): Promise<RunningServer> {
  const config = engine.config;
  const hostname = host ?? config.server.host;
  const keys = engine.keys;
  const adminKey = config.server.adminKey || undefined;
  const open = keys.count() === 0 && !adminKey;
  if (open && !LOOPBACK.has(hostname)) {
    throw new ConclaveError(
      'config',
      `Refusing to listen on ${hostname} without API keys: anyone on the network could use your providers.`,
      {
        hint: 'Create a key with `conclave keys create --name <name>` (or set server.adminKey), or bind 127.0.0.1.',
      },
    );
  }
  let draining = false;
  let inFlight = 0;
  let idle: (() => void) | undefined;
  const appOptions = {
    engine,
    keys,
    limits: createKeyLimits(engine.database),
    queue: createFairQueue({
      maxConcurrency: maxConcurrency ?? config.server.maxConcurrency,
      maxQueuedPerKey: maxQueuedPerKey ?? config.server.maxQueuedPerKey,
    }),
    maxBodyBytes: parseByteSize(config.server.maxBodyBytes),
    adminKey,
    isDraining: () => draining,
  };
  const honoListener = getRequestListener(createApp(appOptions).fetch);
  const fastChat = createFastChatRoute({
    auth: { keys, adminKey },
    handle: createChatCompletionHandler(appOptions),
    maxBodyBytes: appOptions.maxBodyBytes,
  });
  const server = http.createServer({ keepAliveTimeout: 65_000 }, (request, response) => {
    inFlight += 1;
    // A request is in flight until its response is fully written or the client goes away.
    response.once('close', () => {
      inFlight -= 1;
      if (inFlight === 0) idle?.();
    });
    const path = request.url?.split('?', 1)[0];
    const route =
      request.method === 'POST' && path === '/v1/chat/completions'
        ? fastChat(request, response)
        : honoListener(request, response);
    Promise.resolve(route).catch((error: unknown) => {
      if (response.headersSent) {
        response.destroy();
        return;
      }
      const reply = errorReply(error);
      response.writeHead(reply.status, reply.headers).end(reply.body);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new ConclaveError(
              'config',
              `Port ${port ?? config.server.port} on ${hostname} is already in use.`,
              { hint: 'Pass --port <n> or set server.port.' },
            )
          : error,
      ),
    );
    server.listen(port ?? config.server.port, hostname, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const displayHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${displayHost}:${address.port}`,
    port: address.port,
    open,
    async close(drainMs = 10_000) {
      draining = true;
      server.close();
      server.closeIdleConnections();
      if (inFlight > 0) {
        await new Promise<void>((resolve) => {
          idle = resolve;
          setTimeout(resolve, drainMs).unref();
        });
      }
      server.closeAllConnections();
    },
  };
}
