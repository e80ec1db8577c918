import type { FakeErrorPreset, FakeFinishReason, PlannedError, PlannedReply } from '../fake-reply.js';
import type { RenderContext, StreamFrame, WireProtocol } from './wire-protocol.js';

const FINISH_REASONS: Record<FakeFinishReason, string> = {
  stop: 'stop',
  length: 'length',
  'tool-calls': 'tool_calls',
  'content-filter': 'content_filter',
};

interface OpenAIErrorTemplate {
  status: number;
  message: (model: string) => string;
  type: string;
  code: string | null;
  param?: string;
}

// Messages as api.openai.com sends them, so message-based classification is exercised for real.
const ERRORS: Record<FakeErrorPreset, OpenAIErrorTemplate> = {
  'bad-request': {
    status: 400,
    message: () => "Invalid value for 'messages'.",
    type: 'invalid_request_error',
    code: null,
  },
  'invalid-api-key': {
    status: 401,
    message: () =>
      'Incorrect API key provided: sk-fake***. You can find your API key at https://platform.openai.com/account/api-keys.',
    type: 'invalid_request_error',
    code: 'invalid_api_key',
  },
  forbidden: {
    status: 403,
    message: () => 'Country, region, or territory not supported',
    type: 'request_forbidden',
    code: 'unsupported_country_region_territory',
  },
  'not-found': {
    status: 404,
    message: (model) => `The model \`${model}\` does not exist or you do not have access to it.`,
    type: 'invalid_request_error',
    code: 'model_not_found',
  },
  'rate-limit': {
    status: 429,
    message: (model) =>
      `Rate limit reached for ${model} in organization org-fake on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s.`,
    type: 'requests',
    code: 'rate_limit_exceeded',
  },
  quota: {
    status: 429,
    message: () =>
      'You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.',
    type: 'insufficient_quota',
    code: 'insufficient_quota',
  },
  'context-length': {
    status: 400,
    message: () =>
      "This model's maximum context length is 128000 tokens. However, your messages resulted in 130412 tokens. Please reduce the length of the messages.",
    type: 'invalid_request_error',
    code: 'context_length_exceeded',
    param: 'messages',
  },
  'content-filter': {
    status: 400,
    message: () =>
      'Your request was rejected as a result of our safety system. Your prompt may contain text that is not allowed by our safety system.',
    type: 'invalid_request_error',
    code: 'content_policy_violation',
  },
  'server-error': {
    status: 500,
    message: () => 'The server had an error while processing your request. Sorry about that!',
    type: 'server_error',
    code: null,
  },
  overloaded: {
    status: 503,
    message: () => 'The engine is currently overloaded, please try again later',
    type: 'server_error',
    code: null,
  },
};

/** OpenAI Chat Completions, also spoken by every OpenAI-compatible server (Groq, vLLM, llama.cpp, …). */
export const openaiWire: WireProtocol = {
  name: 'openai',
  streamContentType: 'text/event-stream; charset=utf-8',

  json(reply, context) {
    const toolCalls = reply.toolCalls.map((call) => ({
      id: call.id,
      type: 'function',
      function: { name: call.name, arguments: call.argumentsJson },
    }));
    const message = {
      role: 'assistant',
      content: reply.textPieces.length > 0 ? reply.textPieces.join('') : null,
      refusal: null,
      ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
      annotations: [],
    };
    return {
      ...header(context, 'chat.completion'),
      choices: [{ index: 0, message, logprobs: null, finish_reason: FINISH_REASONS[reply.finishReason] }],
      usage: usage(reply),
      service_tier: 'default',
    };
  },

  stream(reply, context) {
    // With include_usage every chunk carries `usage: null` and a final choice-less chunk carries the totals.
    const includeUsage = readIncludeUsage(context.request.body);
    const chunk = (choices: unknown[], extra: Record<string, unknown> = {}): string =>
      sse({
        ...header(context, 'chat.completion.chunk'),
        choices,
        ...(includeUsage ? { usage: null } : {}),
        ...extra,
      });
    const delta = (value: Record<string, unknown>, finishReason: string | null = null) =>
      chunk([{ index: 0, delta: value, logprobs: null, finish_reason: finishReason }]);

    const frames: StreamFrame[] = [
      { role: 'preamble', data: delta({ role: 'assistant', content: '', refusal: null }) },
    ];
    for (const piece of reply.textPieces) frames.push({ role: 'content', data: delta({ content: piece }) });
    reply.toolCalls.forEach((call, index) => {
      const opening = { index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } };
      frames.push({ role: 'content', data: delta({ tool_calls: [opening] }) });
      for (const piece of call.argumentPieces) {
        frames.push({
          role: 'content',
          data: delta({ tool_calls: [{ index, function: { arguments: piece } }] }),
        });
      }
    });
    frames.push({ role: 'terminal', data: delta({}, FINISH_REASONS[reply.finishReason]) });
    if (includeUsage) frames.push({ role: 'terminal', data: chunk([], { usage: usage(reply) }) });
    frames.push({ role: 'terminal', data: 'data: [DONE]\n\n' });
    return frames;
  },

  error(error, context) {
    const template = ERRORS[error.preset];
    return {
      status: error.status ?? template.status,
      body: { error: errorObject(error, template, context.model) },
    };
  },

  streamError(error, context) {
    return sse({ error: errorObject(error, ERRORS[error.preset], context.model) });
  },

  malformedFrame(context) {
    return `data: {"id":"chatcmpl-fake-${context.sequence}","object":"chat.completion.chunk","choices":[{"delta":{"content":"Hel\n\n`;
  },
};

function errorObject(error: PlannedError, template: OpenAIErrorTemplate, model: string) {
  return {
    message: error.message ?? template.message(model),
    type: error.type ?? template.type,
    param: template.param ?? null,
    code: error.code ?? template.code,
  };
}

function header(context: RenderContext, object: string) {
  return {
    id: `chatcmpl-fake-${context.sequence}`,
    object,
    created: context.created,
    model: context.model,
    system_fingerprint: 'fp_fake',
  };
}

function usage(reply: PlannedReply) {
  return {
    prompt_tokens: reply.usage.input,
    completion_tokens: reply.usage.output,
    total_tokens: reply.usage.input + reply.usage.output,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

function readIncludeUsage(body: unknown): boolean {
  if (typeof body !== 'object' || body === null) return false;
  const options = (body as { stream_options?: { include_usage?: unknown } }).stream_options;
  return options?.include_usage === true;
}

function sse(payload: unknown): string {
  return `data: ${JSON.stringify(payload)}\n\n`;
}
