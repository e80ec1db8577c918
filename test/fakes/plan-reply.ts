import type {
  FakeErrorOverrides,
  FakeErrorPreset,
  FakeFault,
  FakeReply,
  PlannedError,
  PlannedFault,
  PlannedReply,
  PlannedToolCall,
} from './fake-reply.js';

/** Fills in every default of a scripted reply so the wire renderers stay simple. */
export function planReply(reply: FakeReply, sequence: number): PlannedReply {
  const textPieces = splitText(reply.text ?? '', reply.chunks);
  const toolCalls = (reply.toolCalls ?? []).map((call, index): PlannedToolCall => {
    const argumentsJson =
      typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments);
    return {
      id: call.id ?? `call_fake_${sequence}_${index}`,
      name: call.name,
      input: parseObject(argumentsJson),
      argumentsJson,
      argumentPieces: splitEvenly(argumentsJson, 3),
    };
  });
  const words = (reply.text ?? '').split(/\s+/).filter(Boolean).length;
  return {
    textPieces,
    toolCalls,
    usage: reply.usage ?? { input: 10, output: Math.max(1, words + toolCalls.length) },
    finishReason: reply.finishReason ?? (toolCalls.length > 0 ? 'tool-calls' : 'stop'),
    error: planError(reply.error, reply.status),
    headers: reply.headers ?? {},
    fault: reply.fault === undefined ? undefined : planFault(reply.fault),
    chunkDelayMs: reply.chunkDelayMs ?? 0,
    embedding: reply.embedding,
  };
}

function planError(error: FakeErrorPreset | FakeErrorOverrides | undefined, status: number | undefined) {
  if (error === undefined && (status === undefined || status < 400)) return undefined;
  const overrides: FakeErrorOverrides = typeof error === 'string' ? { preset: error } : (error ?? {});
  const planned: PlannedError = {
    ...overrides,
    preset: overrides.preset ?? presetForStatus(status ?? 500),
    status,
  };
  return planned;
}

function planFault(fault: FakeFault): PlannedFault {
  const options = typeof fault === 'string' ? { type: fault } : fault;
  return {
    type: options.type,
    afterChunks: options.afterChunks ?? 1,
    delayMs: options.delayMs ?? 100,
    error: planError(options.error ?? 'server-error', undefined) as PlannedError,
  };
}

/** The cause a bare status stands for; the protocol may still pick a different real status (e.g. Anthropic 529). */
export function presetForStatus(status: number): FakeErrorPreset {
  if (status === 401) return 'invalid-api-key';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 429) return 'rate-limit';
  if (status === 503 || status === 529) return 'overloaded';
  if (status >= 500) return 'server-error';
  return 'bad-request';
}

function splitText(text: string, chunks: number | string[] | undefined): string[] {
  if (Array.isArray(chunks)) return chunks;
  if (text === '') return [];
  if (typeof chunks === 'number') return splitEvenly(text, chunks);
  // One piece per word, keeping the leading space, like real token streams.
  return text.match(/\s*\S+/g) ?? [text];
}

function splitEvenly(text: string, count: number): string[] {
  if (text === '') return [];
  const size = Math.max(1, Math.ceil(text.length / Math.max(1, count)));
  const pieces: string[] = [];
  for (let start = 0; start < text.length; start += size) pieces.push(text.slice(start, start + size));
  return pieces;
}

function parseObject(json: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}
