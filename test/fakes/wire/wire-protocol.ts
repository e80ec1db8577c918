import type { PlannedError, PlannedReply } from '../fake-reply.js';
import type { RecordedRequest, WireName } from '../recorded-request.js';

/**
 * preamble: sent before any content (never counted); content: counted by `afterChunks`;
 * structure: block boundaries between content (not counted); terminal: finish, usage and end markers,
 * dropped by the 'no-done' fault.
 */
export type FrameRole = 'preamble' | 'content' | 'structure' | 'terminal';

export interface StreamFrame {
  role: FrameRole;
  /** Bytes as written to the socket (SSE event or NDJSON line, terminator included). */
  data: string;
}

export interface RenderContext {
  request: RecordedRequest;
  model: string;
  /** Stable per-request id suffix, so bodies are deterministic. */
  sequence: number;
  /** Unix seconds, fixed per server so snapshots of responses stay stable. */
  created: number;
}

export interface RenderedError {
  status: number;
  body: unknown;
  /** A refusal some providers send as a normal 200 stream (Gemini prompt blocking). */
  streamFrames?: StreamFrame[];
}

/** One provider's wire format: how a planned reply looks as JSON, as a stream, and as an error. */
export interface WireProtocol {
  name: WireName;
  streamContentType: string;
  json(reply: PlannedReply, context: RenderContext): unknown;
  stream(reply: PlannedReply, context: RenderContext): StreamFrame[];
  error(error: PlannedError, context: RenderContext): RenderedError;
  /** The provider's in-stream error event; the stream ends after it. */
  streamError(error: PlannedError, context: RenderContext): string;
  /** A frame whose JSON breaks off inside a string, as a truncated chunk usually does. */
  malformedFrame(context: RenderContext): string;
}
