import { DeleteSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CREDENTIALS, localClientConfig, REGION } from '../../../infra/local/aws-json-protocol.ts';
import { type LocalSecretsManager, startSecretsManager } from '../../../infra/local/secrets-manager.ts';

/**
 * Client credentials are read once per container for a bounded age, against the local Secrets Manager,
 * counting the reads it received.
 */
let secrets: LocalSecretsManager;
let store: typeof import('#store/secrets');

beforeAll(async () => {
  secrets = await startSecretsManager();
  Object.assign(process.env, {
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
  });
  store = await import('#store/secrets');
});
afterAll(async () => {
  await secrets?.close();
});

describe('static secrets', () => {
  it('are read once within their age, again after it, and a rotation is seen then', async () => {
    secrets.seed('client-credentials', JSON.stringify({ clientId: 'a', clientSecret: 'first' }));
    const reads = () => secrets.calls('GetSecretValue');
    const before = reads();
    const t0 = 1_000_000;
    const [one, two] = await Promise.all([
      store.readStaticSecretJson('client-credentials', 60_000, t0),
      store.readStaticSecretJson('client-credentials', 60_000, t0 + 10),
    ]);
    expect(await store.readStaticSecretJson('client-credentials', 60_000, t0 + 59_999)).toEqual(one);
    expect([one, two]).toEqual([
      { clientId: 'a', clientSecret: 'first' },
      { clientId: 'a', clientSecret: 'first' },
    ]);
    expect(reads() - before).toBe(1);

    secrets.seed('client-credentials', JSON.stringify({ clientId: 'a', clientSecret: 'rotated' }));
    expect(await store.readStaticSecretJson('client-credentials', 60_000, t0 + 60_000)).toEqual({
      clientId: 'a',
      clientSecret: 'rotated',
    });
    expect(reads() - before).toBe(2);
  });

  it('keep no failed read: the next call reads again', async () => {
    secrets.seed('being-restored', JSON.stringify({ clientId: 'b', clientSecret: 'kept' }));
    const client = new SecretsManagerClient(localClientConfig(secrets.url));
    await client.send(new DeleteSecretCommand({ SecretId: 'being-restored' }));
    client.destroy();
    // A secret marked for deletion cannot be read: Secrets Manager answers an error.
    await expect(store.readStaticSecretJson('being-restored', 60_000, 0)).rejects.toThrow(/deletion/);
    secrets.seed('being-restored', JSON.stringify({ clientId: 'b', clientSecret: 'kept' }));
    expect(await store.readStaticSecretJson('being-restored', 60_000, 1)).toEqual({
      clientId: 'b',
      clientSecret: 'kept',
    });
  });
});
