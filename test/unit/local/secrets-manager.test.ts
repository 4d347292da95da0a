import {
  CreateSecretCommand,
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceExistsException,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { afterEach, describe, expect, it } from 'vitest';
import { localClientConfig } from '../../../infra/local/aws-json-protocol.ts';
import { startSecretsManager } from '../../../infra/local/secrets-manager.ts';

describe('local Secrets Manager', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  async function start() {
    const server = await startSecretsManager();
    const client = new SecretsManagerClient(localClientConfig(server.url));
    cleanups.push(async () => {
      client.destroy();
      await server.close();
    });
    return { server, client };
  }

  it('creates, reads by name and ARN, versions and deletes a secret', async () => {
    const { client } = await start();
    const created = await client.send(
      new CreateSecretCommand({ Name: 'tpp/credentials', SecretString: '{"key":"v1"}', Description: 'TPP' }),
    );
    expect(created.ARN).toMatch(
      /^arn:aws:secretsmanager:eu-west-2:000000000000:secret:tpp\/credentials-[A-Za-z0-9]{6}$/,
    );

    const byName = await client.send(new GetSecretValueCommand({ SecretId: 'tpp/credentials' }));
    expect(byName).toMatchObject({
      ARN: created.ARN,
      Name: 'tpp/credentials',
      SecretString: '{"key":"v1"}',
      VersionId: created.VersionId,
      VersionStages: ['AWSCURRENT'],
    });
    expect(byName.CreatedDate).toBeInstanceOf(Date);
    expect(Math.abs((byName.CreatedDate?.getTime() ?? 0) - Date.now())).toBeLessThan(5_000);

    const put = await client.send(
      new PutSecretValueCommand({
        SecretId: created.ARN,
        SecretString: '{"key":"v2"}',
        ClientRequestToken: 'token-2',
      }),
    );
    expect(put.VersionId).toBe('token-2');
    const byArn = await client.send(new GetSecretValueCommand({ SecretId: created.ARN }));
    expect(byArn).toMatchObject({ SecretString: '{"key":"v2"}', VersionId: 'token-2' });
    const previous = await client.send(
      new GetSecretValueCommand({ SecretId: 'tpp/credentials', VersionStage: 'AWSPREVIOUS' }),
    );
    expect(previous.SecretString).toBe('{"key":"v1"}');

    const described = await client.send(new DescribeSecretCommand({ SecretId: 'tpp/credentials' }));
    expect(described).toMatchObject({ Name: 'tpp/credentials', Description: 'TPP' });
    expect(described.VersionIdsToStages?.['token-2']).toEqual(['AWSCURRENT']);

    await client.send(new DeleteSecretCommand({ SecretId: created.ARN, ForceDeleteWithoutRecovery: true }));
    await expect(
      client.send(new GetSecretValueCommand({ SecretId: 'tpp/credentials' })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it('answers the errors the SDK maps to its exception classes', async () => {
    const { client } = await start();
    await expect(client.send(new GetSecretValueCommand({ SecretId: 'missing' }))).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
    await client.send(new CreateSecretCommand({ Name: 'dup', SecretString: 'a' }));
    await expect(
      client.send(new CreateSecretCommand({ Name: 'dup', SecretString: 'b' })),
    ).rejects.toBeInstanceOf(ResourceExistsException);
    await client.send(
      new PutSecretValueCommand({ SecretId: 'dup', SecretString: 'c', ClientRequestToken: 't' }),
    );
    await expect(
      client.send(
        new PutSecretValueCommand({ SecretId: 'dup', SecretString: 'other', ClientRequestToken: 't' }),
      ),
    ).rejects.toBeInstanceOf(ResourceExistsException);
  });

  it('makes a seeded value current, creating the secret if needed', async () => {
    const { server, client } = await start();
    server.seed('pensionsync', 'one');
    const first = await client.send(new GetSecretValueCommand({ SecretId: 'pensionsync' }));
    server.seed('pensionsync', 'two');
    const second = await client.send(new GetSecretValueCommand({ SecretId: 'pensionsync' }));
    expect(first.SecretString).toBe('one');
    expect(second).toMatchObject({ SecretString: 'two', ARN: first.ARN });
  });
});
