import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

// On 127.0.0.1 only; port 0 picks a free port.
export async function listen(listener: RequestListener, port = 0): Promise<RunningServer> {
  const server = createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets from fetch would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}

// For main.ts: Ctrl-C or a kill closes the sandbox before the process exits.
export function closeOnSignals(sandbox: { close(): Promise<void> }): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      sandbox.close().then(() => process.exit(0));
    });
  }
}

// Requests per path, summed by path prefix: the counts tests read.
export class PathCounts {
  private readonly byPath = new Map<string, number>();

  add(path: string): void {
    this.byPath.set(path, (this.byPath.get(path) ?? 0) + 1);
  }

  total(pathPrefix = ''): number {
    let count = 0;
    for (const [path, n] of this.byPath) if (path.startsWith(pathPrefix)) count += n;
    return count;
  }
}
