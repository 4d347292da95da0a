import {
  CreateSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { traceable } from '#observability/aws-clients';

const client = /* @__PURE__ */ traceable(/* @__PURE__ */ new SecretsManagerClient({}));

export async function readSecretJson<T>(secretId: string): Promise<T | undefined> {
  try {
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    return SecretString === undefined ? undefined : (JSON.parse(SecretString) as T);
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

/** Writes a new version, creating the secret the first time. */
export async function writeSecretJson(name: string, value: unknown): Promise<void> {
  const SecretString = JSON.stringify(value);
  try {
    await client.send(new PutSecretValueCommand({ SecretId: name, SecretString }));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    await client.send(new CreateSecretCommand({ Name: name, SecretString }));
  }
}
