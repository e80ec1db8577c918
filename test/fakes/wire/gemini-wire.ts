import type { FakeErrorPreset, FakeFinishReason, PlannedError, PlannedReply } from '../fake-reply.js';
import type { RenderContext, StreamFrame, WireProtocol } from './wire-protocol.js';

const FINISH_REASONS: Record<FakeFinishReason, string> = {
  stop: 'STOP',
  length: 'MAX_TOKENS',
  'tool-calls': 'STOP',
  'content-filter': 'SAFETY',
};

interface GeminiErrorTemplate {
  code: number;
  status: string;
  message: (model: string) => string;
  details?: (model: string) => unknown[];
}

// As generativelanguage.googleapis.com answers: a bad key is a 400, and per-minute limits say "quota".
const ERRORS: Record<Exclude<FakeErrorPreset, 'content-filter'>, GeminiErrorTemplate> = {
  'bad-request': {
    code: 400,
    status: 'INVALID_ARGUMENT',
    message: () => 'Request contains an invalid argument.',
  },
  'invalid-api-key': {
    code: 400,
    status: 'INVALID_ARGUMENT',
    message: () => 'API key not valid. Please pass a valid API key.',
    details: () => [
      {
        '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
        reason: 'API_KEY_INVALID',
        domain: 'googleapis.com',
      },
    ],
  },
  forbidden: { code: 403, status: 'PERMISSION_DENIED', message: () => 'The caller does not have permission' },
  'not-found': {
    code: 404,
    status: 'NOT_FOUND',
    message: (model) =>
      `models/${model} is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.`,
  },
  'rate-limit': {
    code: 429,
    status: 'RESOURCE_EXHAUSTED',
    message: () =>
      'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.',
    details: (model) => quotaDetails(model, 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier', '20s'),
  },
  quota: {
    code: 429,
    status: 'RESOURCE_EXHAUSTED',
    message: () =>
      'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.',
    details: (model) => quotaDetails(model, 'GenerateRequestsPerDayPerProjectPerModel-FreeTier', '43200s'),
  },
  'context-length': {
    code: 400,
    status: 'INVALID_ARGUMENT',
    message: () => 'The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).',
  },
  'server-error': {
    code: 500,
    status: 'INTERNAL',
    message: () =>
      'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
  },
  overloaded: {
    code: 503,
    status: 'UNAVAILABLE',
    message: () => 'The model is overloaded. Please try again later.',
  },
};

/** Gemini generateContent and streamGenerateContent?alt=sse (CRLF-delimited events, like Google's servers). */
export const geminiWire: WireProtocol = {
  name: 'gemini',
  streamContentType: 'text/event-stream',

  json(reply, context) {
    const parts = [
      ...(reply.textPieces.length > 0 ? [{ text: reply.textPieces.join('') }] : []),
      ...reply.toolCalls.map((call) => ({ functionCall: { name: call.name, args: call.input } })),
    ];
    return {
      candidates: [
        { content: { parts, role: 'model' }, finishReason: FINISH_REASONS[reply.finishReason], index: 0 },
      ],
      usageMetadata: usageMetadata(reply),
      ...trailer(context),
    };
  },

  stream(reply, context) {
    const candidate = (parts: unknown[], extra: Record<string, unknown> = {}) =>
      sse({ candidates: [{ content: { parts, role: 'model' }, index: 0, ...extra }], ...trailer(context) });
    const frames: StreamFrame[] = reply.textPieces.map((text) => ({
      role: 'content',
      data: candidate([{ text }]),
    }));
    for (const call of reply.toolCalls) {
      frames.push({
        role: 'content',
        data: candidate([{ functionCall: { name: call.name, args: call.input } }]),
      });
    }
    const finishReason = FINISH_REASONS[reply.finishReason];
    const final = {
      candidates: [{ content: { parts: [{ text: '' }], role: 'model' }, finishReason, index: 0 }],
    };
    frames.push({
      role: 'terminal',
      data: sse({ ...final, usageMetadata: usageMetadata(reply), ...trailer(context) }),
    });
    return frames;
  },

  error(error, context) {
    if (error.preset === 'content-filter' && error.status === undefined) {
      // Gemini refuses a prompt with a 200 and promptFeedback, not with an HTTP error.
      const body = {
        promptFeedback: { blockReason: error.type ?? 'SAFETY' },
        usageMetadata: { promptTokenCount: 10, totalTokenCount: 10 },
        ...trailer(context),
      };
      return { status: 200, body, streamFrames: [{ role: 'terminal', data: sse(body) }] };
    }
    const body = { error: errorObject(error, context.model) };
    return { status: error.status ?? body.error.code, body };
  },

  streamError(error, context) {
    return sse({ error: errorObject(error, context.model) });
  },

  malformedFrame() {
    return 'data: {"candidates": [{"content": {"parts": [{"text": "Hel\r\n\r\n';
  },
};

// google.rpc.Code names for explicitly scripted statuses, so `code` and `status` always agree.
const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  501: 'NOT_IMPLEMENTED',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

function errorObject(error: PlannedError, model: string) {
  const template = templateFor(error);
  const code = error.status ?? template.code;
  return {
    code,
    message: error.message ?? template.message(model),
    status: error.type ?? (code === template.code ? template.status : (STATUS_NAMES[code] ?? 'UNKNOWN')),
    ...(template.details ? { details: template.details(model) } : {}),
  };
}

function templateFor(error: PlannedError): GeminiErrorTemplate {
  // A scripted 401 is Google's OAuth-credential rejection; a bad API key is a 400.
  if (error.preset === 'invalid-api-key' && error.status === 401) return UNAUTHENTICATED;
  return ERRORS[error.preset === 'content-filter' ? 'bad-request' : error.preset];
}

const UNAUTHENTICATED: GeminiErrorTemplate = {
  code: 401,
  status: 'UNAUTHENTICATED',
  message: () =>
    'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
};

function quotaDetails(model: string, quotaId: string, retryDelay: string): unknown[] {
  return [
    {
      '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
      violations: [
        {
          quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests',
          quotaId,
          quotaDimensions: { location: 'global', model },
          quotaValue: '15',
        },
      ],
    },
    { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay },
  ];
}

function usageMetadata(reply: PlannedReply) {
  return {
    promptTokenCount: reply.usage.input,
    candidatesTokenCount: reply.usage.output,
    totalTokenCount: reply.usage.input + reply.usage.output,
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: reply.usage.input }],
  };
}

function trailer(context: RenderContext) {
  return { modelVersion: context.model, responseId: `fake-response-${context.sequence}` };
}

function sse(payload: unknown): string {
  return `data: ${JSON.stringify(payload)}\r\n\r\n`;
}
