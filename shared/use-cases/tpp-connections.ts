import { randomBytes } from 'node:crypto';
import * as z from 'zod/mini';
import { NotFoundError, parsedOr400 } from '#http/problems';
import { getAccounts } from '#providers/tpp/client';
import { connectionSecretName } from '#providers/tpp/connection-tokens';
import { readAccountList } from '#providers/tpp/documents';
import { authorizeUrl, exchangeCode, GrantRefusedError } from '#providers/tpp/oauth';
import { getConnection, putConnection, setConnectionStatus } from '#store/connections';
import { publishEvent } from '#store/events';
import { consumeOAuthState, putOAuthState } from '#store/oauth-states';
import { writeSecretJson } from '#store/secrets';
import type { Clock } from './clock.ts';

/** How long a customer has to consent before the authorisation request lapses. */
const STATE_LIFETIME_MS = 15 * 60_000;

export const startConnectionRequest = z.optional(z.strictObject({ returnUrl: z.optional(z.url()) }));

/** Starts a TPP OAuth 2 connection: the customer opens `authorizeUrl` and consents at TPP. */
export async function startConnection(body: unknown, callbackUrl: string, clock: Clock) {
  const request = parsedOr400(startConnectionRequest, body);
  const now = clock.now();
  const connectionId = clock.newId();
  const state = randomBytes(32).toString('base64url');
  await putConnection({
    connectionId,
    status: 'pending',
    createdAt: now.toISOString(),
    returnUrl: request?.returnUrl,
  });
  await putOAuthState({
    state,
    connectionId,
    redirectUri: callbackUrl,
    expiresAt: new Date(now.getTime() + STATE_LIFETIME_MS).toISOString(),
  });
  return { connectionId, status: 'pending' as const, authorizeUrl: await authorizeUrl(callbackUrl, state) };
}

export type CallbackOutcome = { connectionId: string; status: 'active' | 'refused'; returnUrl?: string };

export class InvalidCallbackError extends Error {
  override name = 'InvalidCallbackError';
}

/**
 * TPP's redirect after consent. The state is spent on first use, so a replayed or forged callback
 * changes nothing; the code is exchanged for tokens, which go to the connection's own secret.
 */
export async function completeConnection(
  query: { state?: string; code?: string; error?: string },
  clock: Clock,
): Promise<CallbackOutcome> {
  if (!query.state) throw new InvalidCallbackError('The callback has no state');
  const pending = await consumeOAuthState(query.state);
  const now = clock.now();
  if (!pending || Date.parse(pending.expiresAt) < now.getTime()) {
    throw new InvalidCallbackError(
      'This authorisation link was already used or has expired; start the connection again',
    );
  }
  const connection = await getConnection(pending.connectionId);
  let status: CallbackOutcome['status'] = 'refused';
  if (query.code && !query.error) {
    try {
      const tokens = await exchangeCode(query.code, pending.redirectUri, now);
      await writeSecretJson(connectionSecretName(pending.connectionId), tokens);
      status = 'active';
    } catch (error) {
      if (!(error instanceof GrantRefusedError)) throw error;
    }
  }
  await setConnectionStatus(pending.connectionId, status, now);
  await publishEvent('Connection Status Changed', {
    connectionId: pending.connectionId,
    status,
    at: now.toISOString(),
  });
  return { connectionId: pending.connectionId, status, returnUrl: connection?.returnUrl };
}

/** The admin accounts a connection's grant reaches, and whether TPP's API supports each. */
export async function listConnectionAccounts(connectionId: string) {
  const connection = await getConnection(connectionId);
  if (!connection) throw new NotFoundError(`No connection ${connectionId}`);
  return readAccountList((await getAccounts(connectionId)).body);
}
