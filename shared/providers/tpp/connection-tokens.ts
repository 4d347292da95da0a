import { randomUUID } from 'node:crypto';
import { env } from '#config';
import { ProviderAuthorisationError, ProviderUnavailableError } from '#providers/errors';
import { PROVIDER_TIMEOUT_MS } from '#providers/http';
import { setConnectionStatus } from '#store/connections';
import { publishEvent } from '#store/events';
import { acquireLease, releaseLease } from '#store/leases';
import { readSecretJson, writeSecretJson } from '#store/secrets';
import { GrantRefusedError, refreshTokens } from './oauth.ts';

/** What Secrets Manager holds for one TPP OAuth 2 connection (one consenting user's grant). */
export interface ConnectionTokens {
  accessToken: string;
  refreshToken?: string;
  /** ISO instant the access token stops working. */
  expiresAt?: string;
}

/** Refresh this long before expiry, so a token never lapses mid-request. */
const REFRESH_MARGIN_MS = 60_000;
/** Covers one refresh request (PROVIDER_TIMEOUT_MS); a waiter gives up after it, well inside its function. */
const LEASE_MS = PROVIDER_TIMEOUT_MS + 5_000;
const WAIT_STEP_MS = 200;

export function connectionSecretName(connectionId: string): string {
  return `${env.connectionSecretPrefix()}${connectionId}`;
}

/** The access token, when it will still work for the margin. */
function freshToken(tokens: ConnectionTokens | undefined, now: number): string | undefined {
  if (!tokens?.accessToken) return undefined;
  const fresh = !tokens.expiresAt || Date.parse(tokens.expiresAt) - now > REFRESH_MARGIN_MS;
  return fresh ? tokens.accessToken : undefined;
}

/**
 * How long a container keeps a connection's tokens it read, while the access token stays fresh. Another
 * container's refresh does not end the token kept here (TPP's access tokens work until they expire; the
 * refresh issues a new one beside it); one TPP refuses all the same (revoked) is read again at once.
 */
export const KEPT_TOKEN_MAX_AGE_MS = 5 * 60_000;

const keptTokens = new Map<string, { tokens: ConnectionTokens; readAt: number }>();

/**
 * The token this container read for the connection within KEPT_TOKEN_MAX_AGE_MS, while it still works for
 * the margin; undefined otherwise (a token near expiry is read again, and refreshed if need be, by
 * accessTokenFor).
 */
export function keptToken(connectionId: string): string | undefined {
  const kept = keptTokens.get(connectionId);
  const now = Date.now();
  return kept && now - kept.readAt < KEPT_TOKEN_MAX_AGE_MS ? freshToken(kept.tokens, now) : undefined;
}

/** TPP refused the kept token: the next call reads the secret again (another holder may have replaced it). */
export function forgetKeptToken(connectionId: string): void {
  keptTokens.delete(connectionId);
}

/**
 * A usable access token for a connection, read from its secret (and kept, see keptToken).
 * Near expiry, one caller at a time refreshes (a lease in DynamoDB); the others wait for the new token, so a
 * refresh token is never spent twice (TPP rotates them).
 */
export async function accessTokenFor(connectionId: string): Promise<string> {
  const tokens = await usableTokens(connectionId);
  keptTokens.set(connectionId, { tokens, readAt: Date.now() });
  return tokens.accessToken;
}

async function usableTokens(connectionId: string): Promise<ConnectionTokens> {
  const secretName = connectionSecretName(connectionId);
  const deadline = Date.now() + LEASE_MS;
  for (;;) {
    const tokens = await readSecretJson<ConnectionTokens>(secretName);
    if (tokens && freshToken(tokens, Date.now())) return tokens;
    if (!tokens?.refreshToken) {
      throw new ProviderAuthorisationError(
        `TPP connection ${connectionId} holds no usable token; reconnect it`,
      );
    }
    const holder = randomUUID();
    if (await acquireLease(`tpp-token#${connectionId}`, holder, new Date(), LEASE_MS)) {
      try {
        return await refreshHeld(connectionId, secretName);
      } finally {
        await releaseLease(`tpp-token#${connectionId}`, holder);
      }
    }
    if (Date.now() > deadline)
      throw new ProviderUnavailableError(`timed out waiting for connection ${connectionId}'s token refresh`, {
        mayHaveArrived: false,
      });
    await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
  }
}

async function refreshHeld(connectionId: string, secretName: string): Promise<ConnectionTokens> {
  // Another holder may have refreshed between our read and our lease.
  const tokens = await readSecretJson<ConnectionTokens>(secretName);
  if (tokens && freshToken(tokens, Date.now())) return tokens;
  if (!tokens?.refreshToken)
    throw new ProviderAuthorisationError(`TPP connection ${connectionId} has no refresh token`);
  try {
    const issued = await refreshTokens(tokens.refreshToken, new Date());
    const stored = { ...issued, refreshToken: issued.refreshToken ?? tokens.refreshToken };
    await writeSecretJson(secretName, stored);
    return stored;
  } catch (error) {
    if (!(error instanceof GrantRefusedError)) throw error;
    const now = new Date();
    await setConnectionStatus(connectionId, 'reauthorisation-needed', now);
    await publishEvent('Connection Reauthorisation Needed', { connectionId, at: now.toISOString() });
    throw new ProviderAuthorisationError(
      `TPP refused to refresh connection ${connectionId}; the customer must reconnect`,
    );
  }
}
