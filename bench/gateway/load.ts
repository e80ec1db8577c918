import http from 'node:http';
import autocannon from 'autocannon';

export interface Target {
  name: string;
  url: string;
  headers: Record<string, string>;
}

export interface ThroughputResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

export function body(stream: boolean): string {
  return JSON.stringify({
    model: 'mock-model',
    messages: [{ role: 'user', content: 'Hello, how are you today? Please answer briefly.' }],
    ...(stream ? { stream: true } : {}),
  });
}

/** Fixed-duration closed-loop load at a given concurrency (autocannon, keep-alive). */
export async function throughput(
  target: Target,
  stream: boolean,
  connections: number,
  durationSeconds: number,
): Promise<ThroughputResult> {
  const result = await autocannon({
    url: `${target.url}/v1/chat/completions`,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...target.headers },
    body: body(stream),
    connections,
    duration: durationSeconds,
  });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/** Sequential requests with a high-resolution clock: full latency (JSON) or time to first body byte (SSE). */
export async function sequentialLatency(
  target: Target,
  stream: boolean,
  count: number,
): Promise<{ p50Ms: number; p99Ms: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const url = new URL(`${target.url}/v1/chat/completions`);
  const payload = body(stream);
  const times: number[] = [];
  try {
    for (let index = 0; index < count; index += 1) {
      times.push(
        await new Promise<number>((resolve, reject) => {
          const start = process.hrtime.bigint();
          let first: bigint | undefined;
          const request = http.request(
            {
              host: url.hostname,
              port: url.port,
              path: url.pathname,
              method: 'POST',
              agent,
              headers: {
                'content-type': 'application/json',
                'content-length': Buffer.byteLength(payload),
                ...target.headers,
              },
            },
            (response) => {
              response.on('data', () => {
                first ??= process.hrtime.bigint();
              });
              response.on('end', () => {
                const end = stream ? (first ?? process.hrtime.bigint()) : process.hrtime.bigint();
                resolve(Number(end - start) / 1e6);
              });
            },
          );
          request.on('error', reject);
          request.end(payload);
        }),
      );
    }
  } finally {
    agent.destroy();
  }
  times.sort((left, right) => left - right);
  return { p50Ms: percentile(times, 0.5), p99Ms: percentile(times, 0.99) };
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? Number.NaN;
}
