import type { FakeErrorPreset, FakeFinishReason, PlannedError } from '../fake-reply.js';
import type { RenderContext, StreamFrame, WireProtocol } from './wire-protocol.js';

const STOP_REASONS: Record<FakeFinishReason, string> = {
  stop: 'end_turn',
  length: 'max_tokens',
  'tool-calls': 'tool_use',
  'content-filter': 'refusal',
};

// Status, error.type and message as api.anthropic.com sends them.
const ERRORS: Record<FakeErrorPreset, { status: number; type: string; message: (model: string) => string }> =
  {
    'bad-request': { status: 400, type: 'invalid_request_error', message: () => 'messages: field required' },
    'invalid-api-key': { status: 401, type: 'authentication_error', message: () => 'invalid x-api-key' },
    forbidden: {
      status: 403,
      type: 'permission_error',
      message: () => 'Your API key does not have permission to use the specified resource.',
    },
    'not-found': { status: 404, type: 'not_found_error', message: (model) => `model: ${model}` },
    'rate-limit': {
      status: 429,
      type: 'rate_limit_error',
      message: () =>
        'This request would exceed the rate limit for your organization of 50 requests per minute. For details, refer to: https://docs.claude.com/en/api/rate-limits.',
    },
    quota: {
      status: 400,
      type: 'invalid_request_error',
      message: () =>
        'Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.',
    },
    'context-length': {
      status: 400,
      type: 'invalid_request_error',
      message: () => 'prompt is too long: 210417 tokens > 200000 maximum',
    },
    'content-filter': {
      status: 400,
      type: 'invalid_request_error',
      message: () => 'Output blocked by content filtering policy',
    },
    'server-error': { status: 500, type: 'api_error', message: () => 'Internal server error' },
    overloaded: { status: 529, type: 'overloaded_error', message: () => 'Overloaded' },
  };

/** Anthropic Messages API: JSON and named SSE events (message_start … message_stop). */
export const anthropicWire: WireProtocol = {
  name: 'anthropic',
  streamContentType: 'text/event-stream; charset=utf-8',

  json(reply, context) {
    return {
      id: messageId(context),
      type: 'message',
      role: 'assistant',
      model: context.model,
      content: [
        ...(reply.textPieces.length > 0 ? [{ type: 'text', text: reply.textPieces.join('') }] : []),
        ...reply.toolCalls.map((call) => ({
          type: 'tool_use',
          id: call.id,
          name: call.name,
          input: call.input,
        })),
      ],
      stop_reason: STOP_REASONS[reply.finishReason],
      stop_sequence: null,
      usage: {
        input_tokens: reply.usage.input,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
        output_tokens: reply.usage.output,
        service_tier: 'standard',
      },
    };
  },

  stream(reply, context) {
    const message = {
      id: messageId(context),
      type: 'message',
      role: 'assistant',
      model: context.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: {
        input_tokens: reply.usage.input,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
        output_tokens: 1,
      },
    };
    const frames: StreamFrame[] = [
      { role: 'preamble', data: event('message_start', { type: 'message_start', message }) },
      { role: 'preamble', data: event('ping', { type: 'ping' }) },
    ];
    let index = 0;
    if (reply.textPieces.length > 0) {
      frames.push(blockStart(index, { type: 'text', text: '' }));
      for (const text of reply.textPieces) frames.push(blockDelta(index, { type: 'text_delta', text }));
      frames.push(blockStop(index));
      index += 1;
    }
    for (const call of reply.toolCalls) {
      frames.push(blockStart(index, { type: 'tool_use', id: call.id, name: call.name, input: {} }));
      frames.push(blockDelta(index, { type: 'input_json_delta', partial_json: '' }));
      for (const piece of call.argumentPieces)
        frames.push(blockDelta(index, { type: 'input_json_delta', partial_json: piece }));
      frames.push(blockStop(index));
      index += 1;
    }
    const delta = { stop_reason: STOP_REASONS[reply.finishReason], stop_sequence: null };
    frames.push({
      role: 'terminal',
      data: event('message_delta', {
        type: 'message_delta',
        delta,
        usage: { output_tokens: reply.usage.output },
      }),
    });
    frames.push({ role: 'terminal', data: event('message_stop', { type: 'message_stop' }) });
    return frames;
  },

  error(error, context) {
    return { status: error.status ?? ERRORS[error.preset].status, body: errorBody(error, context.model) };
  },

  streamError(error, context) {
    return event('error', errorBody(error, context.model));
  },

  malformedFrame() {
    return 'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hel\n\n';
  },
};

function errorBody(error: PlannedError, model: string) {
  const template = ERRORS[error.preset];
  return {
    type: 'error',
    error: { type: error.type ?? template.type, message: error.message ?? template.message(model) },
  };
}

function messageId(context: RenderContext): string {
  return `msg_fake_${context.sequence}`;
}

function blockStart(index: number, block: Record<string, unknown>): StreamFrame {
  return {
    role: 'structure',
    data: event('content_block_start', { type: 'content_block_start', index, content_block: block }),
  };
}

function blockDelta(index: number, delta: Record<string, unknown>): StreamFrame {
  return {
    role: 'content',
    data: event('content_block_delta', { type: 'content_block_delta', index, delta }),
  };
}

function blockStop(index: number): StreamFrame {
  return { role: 'structure', data: event('content_block_stop', { type: 'content_block_stop', index }) };
}

function event(name: string, payload: unknown): string {
  return `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`;
}
