import { env } from '#config';
import { ProviderAuthorisationError } from '#providers/errors';
import { readSecretJson } from '#store/secrets';

/** What Secrets Manager holds for one TPP OAuth 2 connection (one consenting user's grant). */
export interface ConnectionTokens {
  accessToken: string;
  refreshToken?: string;
  /** ISO instant the access token stops working. */
  expiresAt?: string;
}

export function connectionSecretName(connectionId: string): string {
  return `${env.connectionSecretPrefix()}${connectionId}`;
}

export async function accessTokenFor(connectionId: string): Promise<string> {
  const tokens = await readSecretJson<ConnectionTokens>(connectionSecretName(connectionId));
  if (!tokens?.accessToken) {
    throw new ProviderAuthorisationError(
      `TPP connection ${connectionId} holds no access token; reconnect it`,
    );
  }
  return tokens.accessToken;
}
