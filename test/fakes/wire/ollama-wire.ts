import type { FakeErrorPreset, FakeFinishReason, PlannedError, PlannedReply } from '../fake-reply.js';
import type { RenderContext, StreamFrame, WireProtocol } from './wire-protocol.js';

// Ollama reports only stop and length; tool calls and refusals end with 'stop'.
const DONE_REASONS: Record<FakeFinishReason, string> = {
  stop: 'stop',
  length: 'length',
  'tool-calls': 'stop',
  'content-filter': 'stop',
};

// Ollama's errors are a bare string: `{ "error": "..." }`.
const ERRORS: Record<FakeErrorPreset, { status: number; message: (model: string) => string }> = {
  'bad-request': { status: 400, message: () => 'invalid message format' },
  'invalid-api-key': { status: 401, message: () => 'unauthorized' },
  forbidden: { status: 403, message: () => 'forbidden' },
  'not-found': { status: 404, message: (model) => `model "${model}" not found, try pulling it first` },
  'rate-limit': { status: 429, message: () => 'too many requests' },
  quota: { status: 429, message: () => 'you have reached your weekly usage limit' },
  'context-length': { status: 400, message: () => 'the input length exceeds the context length' },
  'content-filter': { status: 400, message: () => 'content blocked by moderation' },
  'server-error': { status: 500, message: () => 'llama runner process has terminated: exit status 2' },
  overloaded: {
    status: 503,
    message: () => 'server busy, please try again.  maximum pending requests exceeded',
  },
};

/** Ollama's native /api/chat: one JSON object, or NDJSON lines ending with a `done: true` line. */
export const ollamaWire: WireProtocol = {
  name: 'ollama',
  streamContentType: 'application/x-ndjson',

  json(reply, context) {
    return { ...base(context), message: message(reply.textPieces.join(''), reply), ...doneFields(reply) };
  },

  stream(reply, context) {
    const frames: StreamFrame[] = reply.textPieces.map((text) => ({
      role: 'content',
      data: line({ ...base(context), message: { role: 'assistant', content: text }, done: false }),
    }));
    if (reply.toolCalls.length > 0) {
      frames.push({
        role: 'content',
        data: line({ ...base(context), message: message('', reply), done: false }),
      });
    }
    const done = { ...base(context), message: { role: 'assistant', content: '' }, ...doneFields(reply) };
    frames.push({ role: 'terminal', data: line(done) });
    return frames;
  },

  error(error, context) {
    return {
      status: error.status ?? ERRORS[error.preset].status,
      body: { error: errorMessage(error, context.model) },
    };
  },

  streamError(error, context) {
    return line({ error: errorMessage(error, context.model) });
  },

  malformedFrame(context) {
    return `{"model":"${context.model}","created_at":"2025-01-01T00:00:00Z","message":{"role":"assistant","content":"Hel\n`;
  },
};

function errorMessage(error: PlannedError, model: string): string {
  return error.message ?? ERRORS[error.preset].message(model);
}

function message(content: string, reply: PlannedReply) {
  const toolCalls = reply.toolCalls.map((call, index) => ({
    id: call.id,
    function: { index, name: call.name, arguments: call.input },
  }));
  return { role: 'assistant', content, ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}) };
}

function base(context: RenderContext) {
  return { model: context.model, created_at: new Date(context.created * 1000).toISOString() };
}

function doneFields(reply: PlannedReply) {
  return {
    done_reason: DONE_REASONS[reply.finishReason],
    done: true,
    total_duration: 250_000_000,
    load_duration: 10_000_000,
    prompt_eval_count: reply.usage.input,
    prompt_eval_duration: 40_000_000,
    eval_count: reply.usage.output,
    eval_duration: 200_000_000,
  };
}

function line(payload: unknown): string {
  return `${JSON.stringify(payload)}\n`;
}
