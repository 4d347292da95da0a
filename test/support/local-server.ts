import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

/** A test's own HTTP server on a free loopback port; `stop` closes it and every connection kept alive. */
export interface LocalServer {
  origin: string;
  stop: () => Promise<void>;
}

export async function startLocalServer(listener: RequestListener): Promise<LocalServer> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** For tests that start servers of their own: `serve(listener)` answers one's origin; each is stopped after its test. */
export function serverPerTest(): (listener: RequestListener) => Promise<string> {
  const running: LocalServer[] = [];
  afterEach(async () => {
    for (const server of running.splice(0)) await server.stop();
  });
  return async (listener) => {
    const server = await startLocalServer(listener);
    running.push(server);
    return server.origin;
  };
}

/** Reads each request whole, then answers `status` with a JSON body. */
export const answeringJson =
  (status: number, body: string): RequestListener =>
  (req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(status, { 'content-type': 'application/json' }).end(body));
  };
