import { describe, expect, it } from 'vitest';
import { toResponse } from '../../src/server/gateway-reply.js';

describe('an SSE reply as a web Response (the Hono app path)', () => {
  it('streams every event the reply writes, then closes', async () => {
    const response = toResponse({
      kind: 'sse',
      status: 200,
      headers: { 'content-type': 'text/event-stream' },
      async pipe(write) {
        write('data: {"a":1}\n\n');
        await new Promise((resolve) => setTimeout(resolve, 5));
        write('data: [DONE]\n\n');
      },
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('data: {"a":1}\n\ndata: [DONE]\n\n');
  });

  it('a reader that cancels tells the reply the client is gone', async () => {
    let gone: AbortSignal | undefined;
    const response = toResponse({
      kind: 'sse',
      status: 200,
      headers: {},
      pipe(write, clientGone) {
        gone = clientGone;
        write('data: first\n\n');
        return new Promise((resolve) => clientGone.addEventListener('abort', () => resolve()));
      },
    });
    const reader = response.body!.getReader();
    await reader.read();
    await reader.cancel();
    expect(gone?.aborted).toBe(true);
  });
});
