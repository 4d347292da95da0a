import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LOCAL_CREDENTIALS, REGION } from '../../../infra/local/aws-json-protocol.ts';
import { type LocalSecretsManager, startSecretsManager } from '../../../infra/local/secrets-manager.ts';
import { startTppSandbox, type TppSandbox } from '../../../sandboxes/tpp/server.ts';

/**
 * A container reads a TPP connection's token once, however many TPP calls it makes, for at most
 * KEPT_TOKEN_MAX_AGE_MS; a token that expires or is replaced meanwhile is read again. Against the local
 * Secrets Manager (counting its reads) and the TPP sandbox (counting its requests).
 */
const PREFIX = 'test/tpp-connection/';
const ACCOUNT = '855969';

let secrets: LocalSecretsManager;
let sandbox: TppSandbox;
let client: typeof import('#providers/tpp/client');
let tokens: typeof import('#providers/tpp/connection-tokens');
let errors: typeof import('#providers/errors');

beforeAll(async () => {
  secrets = await startSecretsManager();
  sandbox = await startTppSandbox({ port: 0, accessTokens: [] });
  Object.assign(process.env, {
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
    TPP_API_URL: sandbox.url,
    CONNECTION_SECRET_PREFIX: PREFIX,
  });
  client = await import('#providers/tpp/client');
  tokens = await import('#providers/tpp/connection-tokens');
  errors = await import('#providers/errors');
});
afterAll(async () => {
  vi.useRealTimers();
  await sandbox?.close();
  await secrets?.close();
});

const reads = () => secrets.calls('GetSecretValue');
const tppCalls = () => sandbox.requests('/api/');
const hold = (connectionId: string, accessToken: string, expiresAt?: string) =>
  secrets.seed(
    `${PREFIX}${connectionId}`,
    JSON.stringify({ accessToken, ...(expiresAt ? { expiresAt } : {}) }),
  );

/** TPP stops taking a token (RFC 7009 revocation with the sandbox's client). */
async function revoke(token: string) {
  const answer = await fetch(`${sandbox.url}/connect/revocation`, {
    method: 'POST',
    headers: {
      Authorization: `Basic ${Buffer.from('local:local').toString('base64')}`,
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ token }).toString(),
  });
  expect(answer.status).toBe(200);
}

describe('TPP connection tokens kept by a container', () => {
  it('are read once for every TPP call, and again once kept for KEPT_TOKEN_MAX_AGE_MS', async () => {
    sandbox.addAccessToken('token-once');
    hold('once', 'token-once');
    const [readsBefore, callsBefore] = [reads(), tppCalls()];
    await client.getAccount('once', ACCOUNT);
    await client.getAccounts('once');
    await client.getOptOuts('once', ACCOUNT);
    expect(tppCalls() - callsBefore).toBe(3);
    expect(reads() - readsBefore).toBe(1);

    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + tokens.KEPT_TOKEN_MAX_AGE_MS });
    try {
      await client.getAccount('once', ACCOUNT);
      expect(reads() - readsBefore).toBe(2);
      await client.getAccount('once', ACCOUNT);
      expect(reads() - readsBefore).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('read the secret again when the token TPP refuses was replaced meanwhile, and send once more with it', async () => {
    sandbox.addAccessToken('token-old');
    sandbox.addAccessToken('token-new');
    hold('replaced', 'token-old');
    const [readsBefore, callsBefore] = [reads(), tppCalls()];
    await client.getAccount('replaced', ACCOUNT);
    // Another container replaced it: the secret holds a new token and TPP refuses the old one.
    hold('replaced', 'token-new');
    await revoke('token-old');
    const answer = await client.getAccount('replaced', ACCOUNT);
    expect(answer.status).toBe(200);
    await client.getAccount('replaced', ACCOUNT);
    // The refused call and its resend both reached TPP; the token was read twice in all.
    expect(tppCalls() - callsBefore).toBe(4);
    expect(reads() - readsBefore).toBe(2);
  });

  it('fail as unauthorised when TPP refuses the token the secret still holds', async () => {
    sandbox.addAccessToken('token-revoked');
    hold('revoked', 'token-revoked');
    const callsBefore = tppCalls();
    await client.getAccount('revoked', ACCOUNT);
    await revoke('token-revoked');
    await expect(client.getAccount('revoked', ACCOUNT)).rejects.toBeInstanceOf(
      errors.ProviderAuthorisationError,
    );
    // Not sent a third time with the same token.
    expect(tppCalls() - callsBefore).toBe(2);
  });

  it('read a token again once it comes within the refresh margin of its expiry while kept', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-11-30T09:00:00Z') });
    try {
      sandbox.addAccessToken('token-expiring');
      sandbox.addAccessToken('token-refreshed');
      // Good for 60.5 s more: fresh now (the margin is 60 s), not half a second on.
      hold('expiring', 'token-expiring', '2026-11-30T09:01:00.500Z');
      const readsBefore = reads();
      await client.getAccount('expiring', ACCOUNT);
      expect(reads() - readsBefore).toBe(1);
      // Another holder refreshed it meanwhile; the kept copy is now too close to its expiry.
      hold('expiring', 'token-refreshed', '2026-11-30T10:00:00.000Z');
      vi.setSystemTime(new Date('2026-11-30T09:00:01Z'));
      await client.getAccount('expiring', ACCOUNT);
      expect(reads() - readsBefore).toBe(2);
      await client.getAccount('expiring', ACCOUNT);
      expect(reads() - readsBefore).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
