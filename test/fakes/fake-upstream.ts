import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { FakeReply } from './fake-reply.js';
import { embeddingsBody, listingBody } from './listing-bodies.js';
import { matchRoute } from './match-route.js';
import { planReply } from './plan-reply.js';
import type { RecordedRequest, WireName } from './recorded-request.js';
import { createReplyQueue, type ScriptedReply } from './reply-queue.js';
import { anthropicWire } from './wire/anthropic-wire.js';
import { geminiWire } from './wire/gemini-wire.js';
import { ollamaWire } from './wire/ollama-wire.js';
import { openaiWire } from './wire/openai-wire.js';
import type { WireProtocol } from './wire/wire-protocol.js';
import { writeReply } from './write-reply.js';

export interface FakeUpstreamOptions {
  /** Answers generation requests once the scripts run out (default: `{ text: 'Hello from the fake upstream.' }`). */
  defaultReply?: ScriptedReply;
  /** Listed by GET /v1/models and GET /api/tags. */
  models?: string[];
  /** Listed by GET /api/ps. */
  runningModels?: string[];
  /** Require this key the provider's way (Bearer / x-api-key / x-goog-api-key); native Ollama /api/* never checks. */
  apiKey?: string;
}

export interface FakeUpstream {
  /** http://127.0.0.1:<port>, no trailing slash. */
  readonly url: string;
  /** The base URL each provider package expects. */
  readonly baseURLs: { openai: string; anthropic: string; google: string; ollama: string };
  readonly requests: RecordedRequest[];
  /** Queue replies for the next generation requests, whatever their model. */
  script(...replies: ScriptedReply[]): FakeUpstream;
  /** Queue replies for one model id (body `model` or Gemini path) or one path such as '/api/tags'. */
  scriptFor(key: string, ...replies: ScriptedReply[]): FakeUpstream;
  /** The reply used when the queues are empty, for everyone or for one model/path. */
  setDefault(reply: ScriptedReply, key?: string): FakeUpstream;
  /** Scripted replies not yet consumed (all queues, or one key). */
  pending(key?: string): number;
  requestsFor(model: string): RecordedRequest[];
  /** Sockets currently open (keep-alive included). */
  openConnections(): number;
  /** Forget requests and scripts; open sockets stay open. */
  reset(): void;
  /** Destroys every open socket (hung and stalled replies included) and stops listening. */
  close(): Promise<void>;
}

const WIRES: Record<WireName, WireProtocol> = {
  openai: openaiWire,
  anthropic: anthropicWire,
  gemini: geminiWire,
  ollama: ollamaWire,
};
// Fixed so response bodies (and snapshots of them) never depend on the clock.
const CREATED = 1_735_689_600;
const DEFAULT_REPLY: FakeReply = { text: 'Hello from the fake upstream.' };

/**
 * Starts a loopback server speaking the OpenAI, Anthropic, Gemini and Ollama wire protocols.
 *
 * @example
 * const fake = await startFakeUpstream();
 * fake.script({ status: 429, headers: { 'retry-after': '1' } }, { text: 'Hello', usage: { input: 5, output: 2 } });
 * fake.scriptFor('gpt-4o', { text: 'Hel', fault: { type: 'cut-mid-stream', afterChunks: 1 } });
 * // point a provider at fake.baseURLs.openai … then assert on fake.requests[0].body
 * await fake.close();
 */
export async function startFakeUpstream(options: FakeUpstreamOptions = {}): Promise<FakeUpstream> {
  const queue = createReplyQueue(options.defaultReply ?? DEFAULT_REPLY);
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const shutdown = new AbortController();
  let sequence = 0;

  const server = createServer((request, response) => {
    sequence += 1;
    handle(request, response, sequence).catch(() => response.socket?.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function handle(request: IncomingMessage, response: ServerResponse, number: number): Promise<void> {
    const target = new URL(request.url ?? '/', url);
    const rawBody = await readBody(request);
    const body = parseJson(rawBody);
    const match = matchRoute(request.method ?? 'GET', target.pathname);
    const bodyModel = isRecord(body) && typeof body.model === 'string' ? body.model : undefined;
    const recorded: RecordedRequest = {
      sequence: number,
      method: request.method ?? 'GET',
      path: target.pathname,
      query: Object.fromEntries(target.searchParams),
      headers: flattenHeaders(request.headers),
      body,
      rawBody,
      protocol: match.protocol,
      route: match.route,
      model: match.pathModel ?? bodyModel,
      stream:
        match.pathStream ??
        (isRecord(body) && (match.protocol === 'ollama' ? body.stream !== false : body.stream === true)),
      outcome: 'pending',
    };
    requests.push(recorded);
    const perRequest = new AbortController();
    response.on('close', () => {
      const open = ['pending', 'stalled', 'hung'].includes(recorded.outcome);
      if (!response.writableFinished && open && !shutdown.signal.aborted) recorded.outcome = 'client-closed';
      perRequest.abort();
    });
    if (match.protocol === undefined) {
      response
        .writeHead(404, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: 'not found' }));
      recorded.outcome = 'completed';
      return;
    }
    const generation = match.route === 'chat' || match.route === 'embeddings';
    const rejected = options.apiKey !== undefined && !hasKey(match.protocol, recorded, options.apiKey);
    const scripted = rejected
      ? { error: 'invalid-api-key' as const }
      : queue.take([recorded.model, recorded.path], generation);
    const reply = typeof scripted === 'function' ? scripted(recorded) : (scripted ?? {});
    const plan = planReply(reply, number);
    const context = {
      request: recorded,
      model: recorded.model ?? 'unknown',
      sequence: number,
      created: CREATED,
    };
    const protocol = WIRES[match.protocol];
    const json = () => {
      if (match.route === 'chat') return protocol.json(plan, context);
      if (match.route === 'embeddings') return embeddingsBody(body, context.model, plan.embedding);
      return listingBody(match.route, {
        models: options.models ?? ['gpt-4o-mini', 'llama3.2:3b'],
        runningModels: options.runningModels ?? [],
        created: CREATED,
      });
    };
    const signal = AbortSignal.any([shutdown.signal, perRequest.signal]);
    await writeReply(
      { response, recorded, signal },
      { plan, protocol, context, json, stream: match.route === 'chat' && recorded.stream },
    );
  }

  const fake: FakeUpstream = {
    url,
    baseURLs: { openai: `${url}/v1`, anthropic: `${url}/v1`, google: `${url}/v1beta`, ollama: url },
    requests,
    script: (...replies) => {
      queue.push(undefined, replies);
      return fake;
    },
    scriptFor: (key, ...replies) => {
      queue.push(key, replies);
      return fake;
    },
    setDefault: (reply, key) => {
      queue.setDefault(reply, key);
      return fake;
    },
    pending: (key) => queue.pending(key),
    requestsFor: (model) => requests.filter((request) => request.model === model),
    openConnections: () => sockets.size,
    reset: () => {
      requests.length = 0;
      queue.clear();
    },
    close: async () => {
      shutdown.abort();
      const closed = [...sockets].map((socket) => new Promise((resolve) => socket.once('close', resolve)));
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      await Promise.all([...closed, new Promise<void>((resolve) => server.close(() => resolve()))]);
    },
  };
  return fake;
}

function hasKey(protocol: WireName, request: RecordedRequest, key: string): boolean {
  if (protocol === 'openai') return request.headers.authorization === `Bearer ${key}`;
  if (protocol === 'anthropic') return request.headers['x-api-key'] === key;
  if (protocol === 'gemini') return request.headers['x-goog-api-key'] === key || request.query.key === key;
  return true;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function flattenHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
