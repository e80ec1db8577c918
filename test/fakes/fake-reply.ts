/** What a scripted reply can express; each wire protocol renders it in its own provider-correct shape. */
export type FakeFinishReason = 'stop' | 'length' | 'tool-calls' | 'content-filter';

/** Provider-neutral failure causes; each protocol renders its real status code and error body for them. */
export type FakeErrorPreset =
  | 'bad-request'
  | 'invalid-api-key'
  | 'forbidden'
  | 'not-found'
  | 'rate-limit'
  | 'quota'
  | 'context-length'
  | 'content-filter'
  | 'server-error'
  | 'overloaded';

export interface FakeErrorOverrides {
  preset?: FakeErrorPreset;
  message?: string;
  /** OpenAI `error.type`, Anthropic `error.type`, Gemini `error.status`. */
  type?: string;
  /** OpenAI `error.code`. */
  code?: string;
}

export interface FakeToolCall {
  name: string;
  /** An object is serialized; a string is sent verbatim (it may be invalid JSON on purpose). */
  arguments: Record<string, unknown> | string;
  id?: string;
}

export type FakeFaultName =
  | 'reset-before-headers'
  | 'hang'
  | 'slow-first-token'
  | 'stall'
  | 'cut-mid-stream'
  | 'malformed-chunk'
  | 'no-done'
  | 'stream-error';

export interface FakeFaultOptions {
  type: FakeFaultName;
  /**
   * stall / cut-mid-stream / malformed-chunk / stream-error: content chunks written before the fault (default 1);
   * 0 fires right after the response headers, before even the protocol preamble (e.g. Anthropic message_start).
   */
  afterChunks?: number;
  /** slow-first-token: delay before the first content chunk, or before a non-streamed response (default 100). */
  delayMs?: number;
  /** stream-error: which in-stream error event to send (default 'server-error'). */
  error?: FakeErrorPreset | FakeErrorOverrides;
}

export type FakeFault = FakeFaultName | FakeFaultOptions;

export interface FakeReply {
  text?: string;
  /** How to split `text` when streaming: a piece count or explicit pieces (default: one piece per word). */
  chunks?: number | string[];
  toolCalls?: FakeToolCall[];
  /** Token counts reported upstream (default: 10 input, one output token per word or tool call). */
  usage?: { input: number; output: number };
  /** Default: 'tool-calls' when the reply has tool calls, otherwise 'stop'. */
  finishReason?: FakeFinishReason;
  /** A non-2xx status makes this an error reply; the preset defaults from the status. */
  status?: number;
  /** An error reply with the provider-correct body (the status defaults from the preset). */
  error?: FakeErrorPreset | FakeErrorOverrides;
  /** Extra response headers, e.g. `retry-after`. */
  headers?: Record<string, string>;
  fault?: FakeFault;
  /** Pause between streamed chunks. */
  chunkDelayMs?: number;
  /** Vector returned by embedding routes (default: derived from the input text). */
  embedding?: number[];
}

/** A reply, or a function that builds one from the request (e.g. to echo the prompt). */
export type FakeReplyInput<Request = unknown> = FakeReply | ((request: Request) => FakeReply);

export interface PlannedToolCall {
  id: string;
  name: string;
  input: Record<string, unknown>;
  argumentsJson: string;
  /** Fragments of `argumentsJson` for protocols that stream tool arguments. */
  argumentPieces: string[];
}

export interface PlannedError {
  preset: FakeErrorPreset;
  /** Explicit status from the script; undefined lets the protocol choose its real one. */
  status: number | undefined;
  message?: string;
  type?: string;
  code?: string;
}

export interface PlannedFault {
  type: FakeFaultName;
  afterChunks: number;
  delayMs: number;
  error: PlannedError;
}

/** A reply with every default filled in, ready for a wire protocol to render. */
export interface PlannedReply {
  textPieces: string[];
  toolCalls: PlannedToolCall[];
  usage: { input: number; output: number };
  finishReason: FakeFinishReason;
  error: PlannedError | undefined;
  headers: Record<string, string>;
  fault: PlannedFault | undefined;
  chunkDelayMs: number;
  embedding: number[] | undefined;
}
