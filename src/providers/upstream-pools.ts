import { Agent, Pool, fetch as undiciFetch } from 'undici';
import type { FetchFunction } from './create-language-model.js';

export interface UpstreamPoolOptions {
  /** Concurrent connections per upstream origin (the provider's `maxConcurrency`). */
  connections?: number;
  keepAliveTimeoutMs?: number;
}

/**
 * Keep-alive connection pools per upstream origin, with a concurrency limit per provider. The AI SDK path
 * gets a fetch bound to an Agent; the gateway's passthrough path uses the Pool directly.
 */
export function createUpstreamPools() {
  const pools = new Map<string, Pool>();
  const agents = new Map<string, Agent>();
  return {
    pool(origin: string, { connections = 128, keepAliveTimeoutMs = 30_000 }: UpstreamPoolOptions = {}): Pool {
      const key = `${origin}|${connections}`;
      let pool = pools.get(key);
      if (!pool) {
        pool = new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: keepAliveTimeoutMs });
        pools.set(key, pool);
      }
      return pool;
    },
    fetchFor({ connections = 128, keepAliveTimeoutMs = 30_000 }: UpstreamPoolOptions = {}): FetchFunction {
      const key = String(connections);
      let agent = agents.get(key);
      if (!agent) {
        agent = new Agent({ connections, keepAliveTimeout: keepAliveTimeoutMs });
        agents.set(key, agent);
      }
      const dispatcher = agent;
      return ((input: Parameters<FetchFunction>[0], init?: Parameters<FetchFunction>[1]) =>
        undiciFetch(
          input as never,
          { ...(init as object), dispatcher } as never,
        )) as unknown as FetchFunction;
    },
    async close(): Promise<void> {
      await Promise.all(
        [...pools.values(), ...agents.values()].map((dispatcher) =>
          dispatcher.close().catch(() => undefined),
        ),
      );
    },
  };
}

export type UpstreamPools = ReturnType<typeof createUpstreamPools>;
