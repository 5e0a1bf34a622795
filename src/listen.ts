/** Binding a local TCP server, the way every server of the bot, its fakes and its tests do it. */
import { createServer, type Server } from 'node:net';

/**
 * Starts `server` listening on `port` (0: any free one) and resolves with the port it got; rejects when it cannot
 * bind (the port is taken), instead of leaving the `error` event to crash the process.
 */
export function listen(server: Server, port = 0, host?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    const bound = () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    };
    if (host === undefined) server.listen(port, bound);
    else server.listen(port, host, bound);
  });
}

/** A local port nobody listens on right now, for a server started by another process (redis-server). */
export async function freePort(): Promise<number> {
  const server = createServer();
  const port = await listen(server, 0, '127.0.0.1');
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
