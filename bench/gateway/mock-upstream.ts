import http from 'node:http';
import type { AddressInfo } from 'node:net';

const JSON_BODY = JSON.stringify({
  id: 'chatcmpl-mock',
  object: 'chat.completion',
  created: 1_700_000_000,
  model: 'mock-model',
  choices: [
    {
      index: 0,
      message: { role: 'assistant', content: 'Hello! This is a fixed answer from the mock upstream.' },
      finish_reason: 'stop',
      logprobs: null,
    },
  ],
  usage: { prompt_tokens: 12, completion_tokens: 11, total_tokens: 23 },
});

const WORDS = ['Hello', '!', ' This', ' is', ' a', ' streamed', ' answer', ' from', ' the', ' mock', '.'];
const SSE_BODY =
  WORDS.map(
    (word, index) =>
      `data: ${JSON.stringify({ id: 'chatcmpl-mock', object: 'chat.completion.chunk', created: 1_700_000_000, model: 'mock-model', choices: [{ index: 0, delta: index === 0 ? { role: 'assistant', content: word } : { content: word }, finish_reason: null }] })}\n\n`,
  ).join('') +
  `data: ${JSON.stringify({ id: 'chatcmpl-mock', object: 'chat.completion.chunk', created: 1_700_000_000, model: 'mock-model', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n` +
  `data: ${JSON.stringify({ id: 'chatcmpl-mock', object: 'chat.completion.chunk', created: 1_700_000_000, model: 'mock-model', choices: [], usage: { prompt_tokens: 12, completion_tokens: 11, total_tokens: 23 } })}\n\n` +
  'data: [DONE]\n\n';

/** A fixed-answer OpenAI-compatible upstream: as cheap as possible so the gateway's overhead shows. */
export function startMockUpstream(port = 0): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.url?.endsWith('/models')) {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end('{"object":"list","data":[{"id":"mock-model","object":"model"}]}');
        return;
      }
      const stream = Buffer.concat(chunks).includes('"stream":true');
      if (stream) {
        response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        response.end(SSE_BODY);
      } else {
        response.writeHead(200, {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(JSON_BODY),
        });
        response.end(JSON_BODY);
      }
    });
  });
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      const { port: actual } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${actual}`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { url } = await startMockUpstream(Number(process.argv[2] ?? 0));
  process.stdout.write(`${url}\n`);
}
