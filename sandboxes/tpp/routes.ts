import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { accountDocument, type TppAccount } from './accounts.ts';
import { type ContributionsLedger, statusDocument, statusUrl } from './contributions.ts';
import { parseContributionsRequest } from './contributions-request.ts';
import { bearerToken, hasJsonBody, originOf, readBody, sendDocument, sendError } from './http.ts';

export interface SandboxState {
  accounts: ReadonlyMap<string, TppAccount>;
  accessTokens: ReadonlySet<string>;
  ledger: ContributionsLedger;
  fallbackOrigin: () => string;
}

interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  origin: string;
  state: SandboxState;
}

type Handler = (exchange: Exchange, id: string) => void | Promise<void>;

interface Route {
  pattern: RegExp;
  methods: Record<string, Handler>;
}

function getAccount({ res, origin, state }: Exchange, id: string): void {
  const account = state.accounts.get(id);
  if (account) sendDocument(res, 200, accountDocument(account, origin));
  else sendError(res, 404, 'NotFound', `Account ${id} was not found`);
}

async function postContributions({ req, res, origin, state }: Exchange): Promise<void> {
  if (!hasJsonBody(req)) {
    return sendError(
      res,
      415,
      'UnsupportedMediaType',
      'Content-Type must be application/vnd.api+json or application/json',
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(await readBody(req));
  } catch {
    return sendError(res, 400, 'BadRequest', 'The request body is not valid JSON');
  }
  const parsed = parseContributionsRequest(body);
  if (!parsed.ok) return sendError(res, 400, 'BadRequest', parsed.problem);
  // The real API answers 403 for accounts the token cannot use; here every token sees every account.
  if (!state.accounts.has(parsed.request.accountId)) {
    return sendError(res, 404, 'NotFound', `Account ${parsed.request.accountId} was not found`);
  }
  const contribution = state.ledger.submit(parsed.request, body);
  sendDocument(res, 202, statusDocument(contribution, origin), {
    Location: statusUrl(origin, contribution.id),
  });
}

function getStatus({ res, origin, state }: Exchange, id: string): void {
  const contribution = state.ledger.poll(id);
  if (contribution) sendDocument(res, 200, statusDocument(contribution, origin));
  else sendError(res, 404, 'NotFound', `Contributions ${id} were not found`);
}

function getErrors({ res, state }: Exchange, id: string): void {
  const contribution = state.ledger.get(id);
  if (!contribution) sendError(res, 404, 'NotFound', `Contributions ${id} were not found`);
  else sendDocument(res, 200, { errors: contribution.stage === 'failed' ? contribution.errors : [] });
}

const routes: Route[] = [
  { pattern: /^\/api\/v2\/accounts\/([^/]+)$/, methods: { GET: getAccount } },
  { pattern: /^\/api\/v2\/contributions$/, methods: { POST: postContributions } },
  { pattern: /^\/api\/v2\/contributions\/([^/]+)\/status$/, methods: { GET: getStatus } },
  { pattern: /^\/api\/v2\/contributions\/([^/]+)\/errors$/, methods: { GET: getErrors } },
];

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

async function dispatch(exchange: Exchange): Promise<void> {
  const { req, res, state } = exchange;
  const path = new URL(req.url ?? '/', 'http://sandbox').pathname;
  // Authentication comes before routing under /api/v2, so unauthenticated callers learn nothing about paths.
  if (path.startsWith('/api/v2/')) {
    const token = bearerToken(req);
    if (token === undefined || !state.accessTokens.has(token)) {
      return sendError(res, 401, 'Unauthorised', 'A valid bearer access token is required', {
        'WWW-Authenticate': 'Bearer',
      });
    }
  }
  for (const route of routes) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    const id = safeDecode(match[1] ?? '');
    if (id === undefined) break;
    const handler = route.methods[req.method ?? ''];
    if (!handler) {
      const allowed = Object.keys(route.methods).join(', ');
      return sendError(res, 405, 'MethodNotAllowed', `${req.method} is not allowed here`, { Allow: allowed });
    }
    return handler(exchange, id);
  }
  sendError(res, 404, 'NotFound', `No resource at ${path}`);
}

export function createRequestListener(state: SandboxState): RequestListener {
  return (req, res) => {
    const exchange = { req, res, state, origin: originOf(req, state.fallbackOrigin()) };
    dispatch(exchange).catch((error: unknown) => {
      if (res.headersSent) return res.destroy();
      sendError(res, 500, 'InternalServerError', error instanceof Error ? error.message : String(error));
    });
  };
}
