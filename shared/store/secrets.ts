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

/** How long a container trusts a static secret it read: an operator's rotation takes effect within it. */
export const STATIC_SECRET_MAX_AGE_MS = 5 * 60_000;

interface Cached {
  value: Promise<unknown>;
  readAt: number;
}

const cache = new Map<string, Cached>();

/**
 * A secret whose value is set by an operator and does not change on its own (client credentials), read at
 * most once per `maxAgeMs` per container, so a rotation takes effect within that age. A failed read is not
 * kept, so the next call reads again. Not for tokens, which the gateway itself rotates.
 */
export function readStaticSecretJson<T>(
  secretId: string,
  maxAgeMs: number,
  now = Date.now(),
): Promise<T | undefined> {
  const cached = cache.get(secretId);
  if (cached && now - cached.readAt < maxAgeMs) return cached.value as Promise<T | undefined>;
  const value = readSecretJson<T>(secretId);
  const entry = { value, readAt: now };
  cache.set(secretId, entry);
  value.catch(() => {
    if (cache.get(secretId) === entry) cache.delete(secretId);
  });
  return value;
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
