import { listen, PathCounts } from '../common/server.ts';
import { defaultAccounts, periodAfter, type TppAccount } from './accounts.ts';
import { ContributionsLedger } from './contributions.ts';
import { AuthorizationServer, type OAuthClient } from './oauth.ts';
import { OptOutBook, type TppOptOut } from './opt-outs.ts';
import { createRequestListener } from './routes.ts';
import { validateContributions } from './rules/validate-contributions.ts';

export type { TppAccount, WorkerGroup } from './accounts.ts';
export type { OAuthClient } from './oauth.ts';
export type { TppOptOut } from './opt-outs.ts';
export { ENFORCED_CODES, type EnforcedCode } from './rules/codes.ts';

export interface TppSandboxOptions {
  port?: number;
  pollDelayMs?: number;
  // Access tokens that work at once and never expire, as does addAccessToken.
  accessTokens?: string[];
  now?: () => Date;
  // Replaces the built-in accounts (855969, 859763, 840834 and the paper-only 800001).
  accounts?: TppAccount[];
  // OAuth clients for /connect; any redirect_uri is accepted.
  clients?: OAuthClient[];
  // Lifetime of access tokens issued by /connect/token.
  accessTokenTtlSeconds?: number;
  // Contributions nobody polls are processed (or failed) this long after they arrived, as TPP would;
  // unset, only polls move a request on.
  settleUnpolledAfterMs?: number;
}

export interface TppSandbox {
  url: string;
  close(): Promise<void>;
  earlyPolls(contributionsId?: string): number;
  polls(contributionsId?: string): number;
  submissions(): Array<{
    id: string;
    accountId: string;
    body: unknown;
    text: string;
    receivedAt: string;
    stage: string;
  }>;
  addAccessToken(token: string): void;
  // Calls to /connect/token, of one grant_type or of all.
  tokenRequests(grantType?: string): number;
  // Requests of every kind, or of paths starting with the prefix (e.g. /api/v2/accounts).
  requests(pathPrefix?: string): number;
  // Every refresh is refused from now on, as when the customer withdraws consent.
  revokeAllRefreshTokens(): void;
  addOptOut(accountId: string, optOut: TppOptOut): void;
  updateOptOut(accountId: string, uniqueId: string, changes: Partial<Omit<TppOptOut, 'uniqueId'>>): void;
}

export async function startTppSandbox(options: TppSandboxOptions = {}): Promise<TppSandbox> {
  const now = options.now ?? (() => new Date());
  // Copies, because processing moves nextPayReferencePeriod on and the caller's objects must not change.
  const accounts = new Map(
    structuredClone(options.accounts ?? defaultAccounts).map((account) => [account.id, account]),
  );
  const optOuts = new OptOutBook();
  const auth = new AuthorizationServer({
    clients: options.clients ?? [{ clientId: 'local', clientSecret: 'local' }],
    staticAccessTokens: options.accessTokens ?? ['sandbox-access-token'],
    accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600,
    now,
  });
  const ledger = new ContributionsLedger(
    now,
    options.pollDelayMs ?? 3000,
    {
      // Submissions are only taken for known accounts, so the account is there.
      validate: (request) => validateContributions(request, accounts.get(request.accountId) as TppAccount),
      processed: (request) => {
        const account = accounts.get(request.accountId) as TppAccount;
        account.nextPayReferencePeriod =
          periodAfter(request.payReferencePeriod, account.prpFrequency) ?? account.nextPayReferencePeriod;
        optOuts.confirm(account.id, request.employees);
      },
    },
    options.settleUnpolledAfterMs,
  );
  let url = '';
  const listener = createRequestListener({ accounts, optOuts, auth, ledger, fallbackOrigin: () => url });
  const requestsByPath = new PathCounts();
  const server = await listen((req, res) => {
    requestsByPath.add(new URL(req.url ?? '/', 'http://sandbox').pathname);
    ledger.settleUnpolled();
    listener(req, res);
  }, options.port);
  url = server.url;

  const count = (field: 'polls' | 'earlyPolls', id?: string): number =>
    ledger
      .all()
      .filter((contribution) => id === undefined || contribution.id === id)
      .reduce((sum, contribution) => sum + contribution[field], 0);

  const knownAccount = (accountId: string): string => {
    if (!accounts.has(accountId)) throw new Error(`The TPP sandbox has no account ${accountId}`);
    return accountId;
  };

  return {
    url,
    close: server.close,
    earlyPolls: (id) => count('earlyPolls', id),
    polls: (id) => count('polls', id),
    submissions: () =>
      ledger.all().map(({ id, accountId, body, text, receivedAt, stage }) => ({
        id,
        accountId,
        body,
        text,
        receivedAt: receivedAt.toISOString(),
        stage,
      })),
    addAccessToken: (token) => auth.addStaticAccessToken(token),
    tokenRequests: (grantType) => auth.tokenRequests(grantType),
    requests: (pathPrefix) => requestsByPath.total(pathPrefix),
    revokeAllRefreshTokens: () => auth.revokeAllRefreshTokens(),
    addOptOut: (accountId, optOut) => optOuts.add(knownAccount(accountId), optOut),
    updateOptOut: (accountId, uniqueId, changes) => {
      if (!optOuts.update(knownAccount(accountId), uniqueId, changes)) {
        throw new Error(`Account ${accountId} has no opt-out for ${uniqueId}`);
      }
    },
  };
}
