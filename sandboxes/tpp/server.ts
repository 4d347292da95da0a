import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { franeckiGroupWeekly, type TppAccount } from './accounts.ts';
import { ContributionsLedger } from './contributions.ts';
import { createRequestListener } from './routes.ts';

export type { TppAccount, WorkerGroup } from './accounts.ts';

export interface TppSandboxOptions {
  port?: number;
  pollDelayMs?: number;
  accessTokens?: string[];
  now?: () => Date;
  // Replaces the built-in account 855969, e.g. to move nextPayReferencePeriod.
  accounts?: TppAccount[];
}

export interface TppSandbox {
  url: string;
  close(): Promise<void>;
  earlyPolls(contributionsId?: string): number;
  polls(contributionsId?: string): number;
  submissions(): Array<{ id: string; accountId: string; body: unknown; receivedAt: string }>;
  addAccessToken(token: string): void;
}

export async function startTppSandbox(options: TppSandboxOptions = {}): Promise<TppSandbox> {
  const accessTokens = new Set(options.accessTokens ?? ['sandbox-access-token']);
  const accounts = new Map(
    (options.accounts ?? [franeckiGroupWeekly]).map((account) => [account.id, account]),
  );
  const ledger = new ContributionsLedger(options.now ?? (() => new Date()), options.pollDelayMs ?? 3000);
  let url = '';
  const server = createServer(
    createRequestListener({ accounts, accessTokens, ledger, fallbackOrigin: () => url }),
  );

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const count = (field: 'polls' | 'earlyPolls', id?: string): number =>
    ledger
      .all()
      .filter((contribution) => id === undefined || contribution.id === id)
      .reduce((sum, contribution) => sum + contribution[field], 0);

  return {
    url,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets from fetch would otherwise hold close() open.
        server.closeAllConnections();
      }),
    earlyPolls: (id) => count('earlyPolls', id),
    polls: (id) => count('polls', id),
    submissions: () =>
      ledger.all().map(({ id, accountId, body, receivedAt }) => ({
        id,
        accountId,
        body,
        receivedAt: receivedAt.toISOString(),
      })),
    addAccessToken: (token) => {
      accessTokens.add(token);
    },
  };
}
