import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PlannedFault, PlannedReply } from './fake-reply.js';
import type { RecordedRequest } from './recorded-request.js';
import type { RenderContext, StreamFrame, WireProtocol } from './wire/wire-protocol.js';

export interface ReplyTarget {
  response: ServerResponse;
  recorded: RecordedRequest;
  /** Aborted when the client goes away or the fake closes, so no timer outlives the test. */
  signal: AbortSignal;
}

export interface ReplyContent {
  plan: PlannedReply;
  protocol: WireProtocol;
  context: RenderContext;
  /** The success body for non-streamed replies (chat completion, model list, embeddings, …). */
  json: () => unknown;
  /** Whether to answer as a stream (only generation routes stream). */
  stream: boolean;
}

/** Writes one planned reply, applying its fault at the byte level so clients see real network behaviour. */
export async function writeReply(target: ReplyTarget, content: ReplyContent): Promise<void> {
  const { plan, protocol, context } = content;
  const fault = plan.fault;
  if (fault?.type === 'reset-before-headers') {
    target.recorded.outcome = 'reset';
    target.response.socket?.resetAndDestroy();
    return;
  }
  if (fault?.type === 'hang') {
    target.recorded.outcome = 'hung';
    return;
  }
  const headers = { 'x-request-id': `req_fake_${context.sequence}`, ...plan.headers };
  const error = plan.error ?? (fault?.type === 'stream-error' && !content.stream ? fault.error : undefined);
  if (error) {
    const rendered = protocol.error(error, context);
    if (content.stream && rendered.streamFrames && rendered.status < 300) {
      return writeStream(target, rendered.streamFrames, { protocol, context, plan, headers });
    }
    return writeJson(target, rendered.status, rendered.body, fault, headers);
  }
  if (content.stream)
    return writeStream(target, protocol.stream(plan, context), { protocol, context, plan, headers });
  return writeJson(target, 200, content.json(), fault, headers);
}

async function writeJson(
  target: ReplyTarget,
  status: number,
  body: unknown,
  fault: PlannedFault | undefined,
  headers: Record<string, string>,
): Promise<void> {
  const { response, recorded } = target;
  if (fault?.type === 'slow-first-token' && !(await pause(fault.delayMs, target.signal))) return;
  const text = JSON.stringify(body);
  const half = text.slice(0, Math.floor(text.length / 2));
  const partial = fault?.type === 'cut-mid-stream' || fault?.type === 'stall';
  // A malformed body is a complete, well-framed HTTP response whose JSON does not parse.
  const sent = fault?.type === 'malformed-chunk' ? half : text;
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(sent)),
    ...headers,
  });
  if (!partial) {
    response.end(sent);
    recorded.outcome = 'completed';
    return;
  }
  await write(response, half);
  if (fault?.type === 'stall') {
    recorded.outcome = 'stalled';
    return;
  }
  recorded.outcome = 'cut';
  response.socket?.destroy();
}

const POSITIONAL_FAULTS = new Set(['stall', 'cut-mid-stream', 'malformed-chunk', 'stream-error']);

interface StreamSettings {
  protocol: WireProtocol;
  context: RenderContext;
  plan: PlannedReply;
  headers: Record<string, string>;
}

async function writeStream(
  target: ReplyTarget,
  frames: StreamFrame[],
  settings: StreamSettings,
): Promise<void> {
  const { response, recorded, signal } = target;
  const { protocol, context, plan } = settings;
  const fault = plan.fault;
  response.writeHead(200, {
    'content-type': protocol.streamContentType,
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    ...settings.headers,
  });
  response.flushHeaders();
  let written = 0;
  let slowDone = false;
  let positional = fault !== undefined && POSITIONAL_FAULTS.has(fault.type) ? fault : undefined;
  for (const frame of frames) {
    if (signal.aborted) return;
    if (frame.role === 'terminal' && fault?.type === 'no-done') continue;
    const counts = frame.role === 'content' || frame.role === 'terminal';
    if (counts && fault?.type === 'slow-first-token' && !slowDone) {
      slowDone = true;
      if (!(await pause(fault.delayMs, signal))) return;
    } else if (frame.role === 'content' && written > 0 && plan.chunkDelayMs > 0) {
      if (!(await pause(plan.chunkDelayMs, signal))) return;
    }
    // afterChunks 0 fires before the first frame of any kind, i.e. right after the response headers.
    if (positional && (counts || positional.afterChunks === 0) && written >= positional.afterChunks) {
      const { type, error } = positional;
      positional = undefined;
      if (type === 'stall') {
        recorded.outcome = 'stalled';
        return;
      }
      if (type === 'cut-mid-stream') {
        recorded.outcome = 'cut';
        response.socket?.destroy();
        return;
      }
      if (type === 'stream-error') {
        await write(response, protocol.streamError(error, context));
        break;
      }
      await write(response, protocol.malformedFrame(context));
    }
    await write(response, frame.data);
    if (frame.role === 'content') written += 1;
  }
  response.end();
  recorded.outcome = 'completed';
}

/** Resolves once the bytes reached the socket, so a following destroy() cannot swallow them. */
function write(response: ServerResponse, data: string): Promise<void> {
  return new Promise((resolve) => {
    if (response.destroyed) return resolve();
    response.write(data, () => resolve());
  });
}

async function pause(milliseconds: number, signal: AbortSignal): Promise<boolean> {
  try {
    await sleep(milliseconds, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}
