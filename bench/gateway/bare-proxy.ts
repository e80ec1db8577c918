/**
 * The floor for any Node gateway that understands its traffic (a reference target, not a product): parse the
 * client's JSON body, forward it over a keep-alive pool, then parse and re-serialise a JSON answer or pipe an
 * SSE answer through. No routing, logging, auth or resilience.
 *
 *   node --import tsx bench/gateway/bare-proxy.ts <port> <upstream port>
 */
import http from 'node:http';

const [port, upstreamPort] = [Number(process.argv[2]), Number(process.argv[3])];
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

http
  .createServer((request, response) => {
    if (request.method !== 'POST') return void response.writeHead(404).end();
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { stream?: boolean };
      const payload = JSON.stringify(body);
      const upstream = http.request(
        {
          host: '127.0.0.1',
          port: upstreamPort,
          path: '/v1/chat/completions',
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
        },
        (answer) => {
          if (body.stream) {
            response.writeHead(200, { 'content-type': 'text/event-stream' });
            answer.pipe(response);
            return;
          }
          const parts: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => parts.push(chunk));
          answer.on('end', () => {
            const text = JSON.stringify(JSON.parse(Buffer.concat(parts).toString('utf8')));
            response.writeHead(200, {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(text),
            });
            response.end(text);
          });
        },
      );
      upstream.on('error', () => response.destroy());
      upstream.end(payload);
    });
  })
  .listen(port, '127.0.0.1');
