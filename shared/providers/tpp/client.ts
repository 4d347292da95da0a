import { env } from '#config';
import { ProviderAuthorisationError, ProviderUnavailableError } from '#providers/errors';
import { providerRequest, type StreamedBody } from '#providers/http';
import { accessTokenFor, forgetKeptToken, keptToken } from './connection-tokens.ts';

/**
 * TPP Payroll Integration API v2 over HTTP. `TPP_API_URL` is an origin; the API lives under `/api/v2`.
 * Returns bodies as received, for the audit trail; parsing is in documents.ts.
 */
const JSON_API = 'application/vnd.api+json';

async function tppRequest(
  connectionId: string,
  operation: string,
  method: 'GET' | 'POST',
  path: string,
  body?: string | StreamedBody,
) {
  const send = (accessToken: string) =>
    providerRequest('TPP', {
      operation,
      method,
      url: `${env.tppApiUrl()}/api/v2${path}`,
      headers: {
        Authorization: `Bearer ${accessToken}`,
        Accept: JSON_API,
        ...(body === undefined ? {} : { 'Content-Type': JSON_API }),
      },
      body,
    });
  const readBefore = keptToken(connectionId);
  if (!readBefore) return send(await accessTokenFor(connectionId));
  try {
    return await send(readBefore);
  } catch (error) {
    if (!(error instanceof ProviderAuthorisationError)) throw error;
    // Another holder may have replaced the token since it was read. TPP refused the request before
    // reading it, so it may be sent again: with the secret's token, unless that is the one refused.
    forgetKeptToken(connectionId);
    const current = await accessTokenFor(connectionId);
    if (current === readBefore) throw error;
    // A streamed body was read while refused; the step runs again and sends it anew.
    if (typeof body === 'object')
      throw new ProviderUnavailableError(`TPP ${operation}: refused a token replaced meanwhile`, {
        mayHaveArrived: false,
      });
    return send(current);
  }
}

export function getAccounts(connectionId: string) {
  return tppRequest(connectionId, 'getAccounts', 'GET', '/accounts');
}

export function getAccount(connectionId: string, accountId: string) {
  return tppRequest(connectionId, 'getAccount', 'GET', `/accounts/${encodeURIComponent(accountId)}`);
}

export function postContributions(connectionId: string, body: string | StreamedBody) {
  return tppRequest(connectionId, 'postContributions', 'POST', '/contributions', body);
}

export function getContributionsStatus(connectionId: string, contributionsId: string) {
  return tppRequest(
    connectionId,
    'getContributionsStatus',
    'GET',
    `/contributions/${encodeURIComponent(contributionsId)}/status`,
  );
}

export function getContributionsErrors(connectionId: string, contributionsId: string) {
  return tppRequest(
    connectionId,
    'getContributionsErrors',
    'GET',
    `/contributions/${encodeURIComponent(contributionsId)}/errors`,
  );
}

/** Opt-outs TPP lists for an account; a date window narrows them (start inclusive, end exclusive). */
export function getOptOuts(
  connectionId: string,
  accountId: string,
  window: { startDate?: string; endDate?: string } = {},
) {
  const query = new URLSearchParams(
    Object.entries(window).filter(([, value]) => value) as [string, string][],
  );
  const suffix = query.size ? `?${query}` : '';
  return tppRequest(
    connectionId,
    'getOptOuts',
    'GET',
    `/accounts/${encodeURIComponent(accountId)}/opt-outs${suffix}`,
  );
}
