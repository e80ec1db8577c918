import { ConclaveError } from '../core/conclave-error.js';
import { toOpenAIError } from '../core/error-table.js';

/** What a route produces, independent of the HTTP framework that writes it. */
export type GatewayReply =
  | { kind: 'json'; status: number; headers: Record<string, string>; body: string }
  | {
      kind: 'sse';
      status: number;
      headers: Record<string, string>;
      /**
       * Writes the events with `write` as they are produced; resolves after the last one. `clientGone` aborts
       * when the client disconnects (the runs are cancelled and nothing more is written).
       */
      pipe(write: (text: string) => void, clientGone: AbortSignal): Promise<void>;
    };

export function errorReply(error: unknown): GatewayReply & { kind: 'json' } {
  const conclaveError =
    error instanceof ConclaveError
      ? error
      : new ConclaveError('internal', error instanceof Error ? error.message : String(error));
  const { status, body } = toOpenAIError(conclaveError);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (conclaveError.retryAfterMs !== undefined)
    headers['retry-after'] = String(Math.max(1, Math.ceil(conclaveError.retryAfterMs / 1000)));
  return { kind: 'json', status, headers, body: JSON.stringify(body) };
}

export function jsonReply(
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): GatewayReply & { kind: 'json' } {
  return {
    kind: 'json',
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(value),
  };
}

const encoder = new TextEncoder();

/** The reply as a web Response (for the Hono app). */
export function toResponse(reply: GatewayReply): Response {
  if (reply.kind === 'json')
    return new Response(reply.body, { status: reply.status, headers: reply.headers });
  const gone = new AbortController();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      reply
        .pipe((text) => controller.enqueue(encoder.encode(text)), gone.signal)
        .then(
          () => {
            if (!gone.signal.aborted) controller.close();
          },
          (error: unknown) => {
            if (!gone.signal.aborted) controller.error(error);
          },
        );
    },
    cancel() {
      gone.abort();
    },
  });
  return new Response(body, { status: reply.status, headers: reply.headers });
}
