import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { isIsoDate } from '../common/dates.ts';
import { decodeComponent, hasFormBody, originOf, readBody } from '../common/http.ts';
import { accountDocument, accountsDocument, isApiSupported, type TppAccount } from './accounts.ts';
import { type ContributionsLedger, statusDocument, statusUrl } from './contributions.ts';
import { parseContributionsRequest } from './contributions-request.ts';
import {
  bearerToken,
  hasJsonBody,
  redirect,
  sendDocument,
  sendError,
  sendOAuthJson,
  sendText,
} from './http.ts';
import type { AuthorizationServer, OAuthOutcome } from './oauth.ts';
import { type OptOutBook, optOutsDocument } from './opt-outs.ts';
import { ENFORCED_CODES } from './rules/codes.ts';

export interface SandboxState {
  accounts: ReadonlyMap<string, TppAccount>;
  optOuts: OptOutBook;
  auth: AuthorizationServer;
  ledger: ContributionsLedger;
  fallbackOrigin: () => string;
}

interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  origin: string;
  state: SandboxState;
}

type Handler = (exchange: Exchange, id: string) => void | Promise<void>;

interface Route {
  pattern: RegExp;
  methods: Record<string, Handler>;
}

// The account, or undefined once a 404 (unknown) or 403 (not on the API) has been sent.
function usableAccount({ res, state }: Exchange, id: string): TppAccount | undefined {
  const account = state.accounts.get(id);
  if (!account) {
    sendError(res, 404, 'NotFound', `Account ${id} was not found`);
    return undefined;
  }
  if (!isApiSupported(account)) {
    const reason = account.api?.reason ?? 'not supported';
    sendError(res, 403, 'Forbidden', `Account ${id} cannot use the Payroll Integration API: ${reason}`);
    return undefined;
  }
  return account;
}

// The real list holds the accounts the consenting user can reach; here every token reaches every account.
function listAccounts({ res, origin, state }: Exchange): void {
  sendDocument(res, 200, accountsDocument(state.accounts.values(), origin));
}

function getAccount(exchange: Exchange, id: string): void {
  const account = usableAccount(exchange, id);
  if (account) sendDocument(exchange.res, 200, accountDocument(account, exchange.origin));
}

function getOptOuts(exchange: Exchange, id: string): void {
  const { res, url, origin, state } = exchange;
  const window = {
    startDate: url.searchParams.get('startDate') ?? undefined,
    endDate: url.searchParams.get('endDate') ?? undefined,
  };
  const badDate = [window.startDate, window.endDate].find((date) => date !== undefined && !isIsoDate(date));
  if (badDate !== undefined) {
    sendError(res, 400, 'BadRequest', `startDate and endDate must be YYYY-MM-DD, not '${badDate}'`);
  } else if (usableAccount(exchange, id)) {
    const optOuts = state.optOuts.list(id, window);
    // TPP's PHP client reads 204 as "no opt-outs"; the sandbox answers that way rather than with an empty list.
    if (optOuts.length > 0) sendDocument(res, 200, optOutsDocument(id, optOuts, origin));
    else res.writeHead(204).end();
  }
}

async function postContributions(exchange: Exchange): Promise<void> {
  const { req, res, origin, state } = exchange;
  if (!hasJsonBody(req)) {
    return sendError(
      res,
      415,
      'UnsupportedMediaType',
      'Content-Type must be application/vnd.api+json or application/json',
    );
  }
  const text = await readBody(req);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return sendError(res, 400, 'BadRequest', 'The request body is not valid JSON');
  }
  const parsed = parseContributionsRequest(body);
  if (!parsed.ok) return sendError(res, 400, 'BadRequest', parsed.problem);
  const { accountId } = parsed.request;
  // The real API answers 403 for accounts the token cannot use; here every token sees every account.
  if (!usableAccount(exchange, accountId)) return;
  // TPP allows one request per account in its queue but does not publish how it refuses a second;
  // 409 with H/Q01 is this sandbox's assumption.
  if (state.ledger.inFlight(accountId)) return sendError(res, 409, 'H/Q01', ENFORCED_CODES['H/Q01'].title);
  const contribution = state.ledger.submit(parsed.request, body, text);
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

function authorize({ res, url, state }: Exchange): void {
  const outcome = state.auth.authorize(url.searchParams);
  if ('redirect' in outcome) redirect(res, outcome.redirect);
  else sendText(res, 400, `The authorisation request was refused: ${outcome.refuse}`);
}

// Token and revocation requests are forms, with the client in Basic credentials or in the form itself.
function formEndpoint(
  call: (auth: AuthorizationServer, form: URLSearchParams, authorization: string | undefined) => OAuthOutcome,
): Handler {
  return async ({ req, res, state }) => {
    if (!hasFormBody(req)) {
      return sendOAuthJson(res, 400, {
        error: 'invalid_request',
        error_description: 'Content-Type must be application/x-www-form-urlencoded',
      });
    }
    const outcome = call(state.auth, new URLSearchParams(await readBody(req)), req.headers.authorization);
    const headers: Record<string, string> =
      outcome.status === 401 ? { 'WWW-Authenticate': 'Basic realm="connect"' } : {};
    if (outcome.body) sendOAuthJson(res, outcome.status, outcome.body, headers);
    else sendText(res, outcome.status, '');
  };
}

const routes: Route[] = [
  { pattern: /^\/connect\/authorize$/, methods: { GET: authorize } },
  {
    pattern: /^\/connect\/token$/,
    methods: { POST: formEndpoint((auth, form, authorization) => auth.token(form, authorization)) },
  },
  {
    pattern: /^\/connect\/revocation$/,
    methods: { POST: formEndpoint((auth, form, authorization) => auth.revoke(form, authorization)) },
  },
  { pattern: /^\/api\/v2\/accounts$/, methods: { GET: listAccounts } },
  { pattern: /^\/api\/v2\/accounts\/([^/]+)$/, methods: { GET: getAccount } },
  { pattern: /^\/api\/v2\/accounts\/([^/]+)\/opt-outs$/, methods: { GET: getOptOuts } },
  { pattern: /^\/api\/v2\/contributions$/, methods: { POST: postContributions } },
  { pattern: /^\/api\/v2\/contributions\/([^/]+)\/status$/, methods: { GET: getStatus } },
  { pattern: /^\/api\/v2\/contributions\/([^/]+)\/errors$/, methods: { GET: getErrors } },
];

async function dispatch(exchange: Exchange): Promise<void> {
  const { req, res, url, state } = exchange;
  const path = url.pathname;
  // Authentication comes before routing under /api/v2, so unauthenticated callers learn nothing about paths.
  if (path.startsWith('/api/v2/')) {
    const token = bearerToken(req);
    if (token === undefined || !state.auth.isValidAccessToken(token)) {
      return sendError(res, 401, 'Unauthorised', 'A valid bearer access token is required', {
        'WWW-Authenticate': 'Bearer',
      });
    }
  }
  for (const route of routes) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    const id = decodeComponent(match[1] ?? '');
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
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const exchange = { req, res, url, state, origin: originOf(req, state.fallbackOrigin()) };
    dispatch(exchange).catch((error: unknown) => {
      if (res.headersSent) return res.destroy();
      sendError(res, 500, 'InternalServerError', error instanceof Error ? error.message : String(error));
    });
  };
}
