import { AsyncLocalStorage } from 'node:async_hooks';
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

/** The tokens a step has read, per connection, while it runs (oneTokenReadPerStep). */
const stepTokens = new AsyncLocalStorage<Map<string, ConnectionTokens>>();

/**
 * A workflow step whose TPP calls read each connection's token from Secrets Manager once per run of the
 * step, not once per call. Outside such a step every call reads the secret.
 */
export function oneTokenReadPerStep<S, C>(
  step: (state: S, clock: C) => Promise<S>,
): (state: S, clock: C) => Promise<S> {
  return (state, clock) => stepTokens.run(new Map(), () => step(state, clock));
}

/**
 * The token this step read before for the connection, while it still works for the margin; undefined when
 * the step has none (a token near expiry is read again, and refreshed if need be, by accessTokenFor).
 */
export function tokenReadThisStep(connectionId: string): string | undefined {
  return freshToken(stepTokens.getStore()?.get(connectionId), Date.now());
}

/** TPP refused the token this step read: the next call reads the secret again (another holder may have refreshed). */
export function forgetTokenReadThisStep(connectionId: string): void {
  stepTokens.getStore()?.delete(connectionId);
}

/**
 * A usable access token for a connection, read from its secret (kept for the rest of the step, if in one).
 * Near expiry, one caller at a time refreshes (a lease in DynamoDB); the others wait for the new token, so a
 * refresh token is never spent twice (TPP rotates them).
 */
export async function accessTokenFor(connectionId: string): Promise<string> {
  const tokens = await usableTokens(connectionId);
  stepTokens.getStore()?.set(connectionId, tokens);
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
