import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { parseByteSize } from '../config/parse-byte-size.js';
import { ConclaveError } from '../core/conclave-error.js';
import type { Engine } from '../engine.js';
import { createApp } from './create-app.js';
import { createFairQueue } from './fair-queue.js';
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
  maxConcurrency = 256,
  maxQueuedPerKey = 512,
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
  const app = createApp({
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
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const instance = serve(
      {
        fetch: async (request, environment) => {
          inFlight += 1;
          let done = false;
          const finish = () => {
            if (done) return;
            done = true;
            inFlight -= 1;
            if (inFlight === 0) idle?.();
          };
          try {
            const response = await app.fetch(request, environment);
            if (!response.body || !response.headers.get('content-type')?.startsWith('text/event-stream')) {
              finish();
              return response;
            }
            // A stream is in flight until its last byte is read or the client goes away.
            request.signal.addEventListener('abort', finish, { once: true });
            return new Response(response.body.pipeThrough(new TransformStream({ flush: finish })), response);
          } catch (error) {
            finish();
            throw error;
          }
        },
        hostname,
        port: port ?? config.server.port,
      },
      () => resolve(instance),
    );
    instance.once('error', (error: NodeJS.ErrnoException) =>
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
  });
  const address = server.address() as AddressInfo;
  const displayHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${displayHost}:${address.port}`,
    port: address.port,
    open,
    async close(drainMs = 10_000) {
      draining = true;
      if (inFlight > 0) {
        await new Promise<void>((resolve) => {
          idle = resolve;
          setTimeout(resolve, drainMs).unref();
        });
      }
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        if ('closeIdleConnections' in server) server.closeIdleConnections();
        setTimeout(() => {
          if ('closeAllConnections' in server) server.closeAllConnections();
        }, 100).unref();
      });
    },
  };
}
