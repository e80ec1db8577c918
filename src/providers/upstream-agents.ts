import http from 'node:http';
import https from 'node:https';

/**
 * Keep-alive connection pools per upstream origin for the passthrough path (node:http agents: no extra HTTP
 * client loaded). `maxSockets` is the provider's concurrency limit; requests beyond it wait for a socket.
 */
export function createUpstreamAgents() {
  const agents = new Map<string, http.Agent>();
  return {
    agentFor(origin: string, maxSockets?: number): http.Agent {
      const key = `${origin}|${maxSockets ?? ''}`;
      let agent = agents.get(key);
      if (!agent) {
        const options = {
          keepAlive: true,
          keepAliveMsecs: 30_000,
          maxSockets: maxSockets ?? Number.POSITIVE_INFINITY,
          scheduling: 'lifo' as const,
        };
        agent = origin.startsWith('https:') ? new https.Agent(options) : new http.Agent(options);
        agents.set(key, agent);
      }
      return agent;
    },
    close(): void {
      for (const agent of agents.values()) agent.destroy();
      agents.clear();
    },
  };
}

export type UpstreamAgents = ReturnType<typeof createUpstreamAgents>;
