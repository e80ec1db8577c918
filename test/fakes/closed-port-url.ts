import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';

/**
 * A loopback URL nothing listens on (a port the OS just handed out, then released),
 * so connecting to it is refused at once — like a local server that is not running.
 */
export async function closedPortURL(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  return `http://127.0.0.1:${port}`;
}
