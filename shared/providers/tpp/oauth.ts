import { env } from '#config';
import { ProviderRejectedError } from '#providers/errors';
import { providerRequest } from '#providers/http';
import { readStaticSecretJson, STATIC_SECRET_MAX_AGE_MS } from '#store/secrets';

/**
 * TPP's OAuth 2 authorisation server (authorization code grant, refresh tokens through `offline_access`).
 * `TPP_AUTH_URL` is an origin; the endpoints live under `/connect`.
 */
const TPP_SCOPES = 'openid profile read write offline_access';

interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

export interface IssuedTokens {
  accessToken: string;
  refreshToken?: string;
  /** ISO instant the access token stops working. */
  expiresAt: string;
}

async function clientCredentials(): Promise<ClientCredentials> {
  const credentials = await readStaticSecretJson<ClientCredentials>(
    env.tppClientSecretArn(),
    STATIC_SECRET_MAX_AGE_MS,
  );
  if (!credentials?.clientId || !credentials.clientSecret) {
    throw new Error(
      'The TPP client credentials secret holds no clientId and clientSecret; set it after deploying',
    );
  }
  return credentials;
}

export async function authorizeUrl(redirectUri: string, state: string): Promise<string> {
  const { clientId } = await clientCredentials();
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirectUri,
    scope: TPP_SCOPES,
    state,
  });
  return `${env.tppAuthUrl()}/connect/authorize?${query}`;
}

/** Thrown when TPP refuses a code or refresh token: only the customer consenting again can mend it. */
export class GrantRefusedError extends Error {
  override name = 'GrantRefusedError';
}

async function tokenRequest(form: Record<string, string>, now: Date): Promise<IssuedTokens> {
  const { clientId, clientSecret } = await clientCredentials();
  let body: string;
  try {
    ({ body } = await providerRequest('TPP', {
      operation: 'token',
      carriesCredentials: true,
      method: 'POST',
      url: `${env.tppAuthUrl()}/connect/token`,
      headers: {
        Authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`,
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'application/json',
      },
      body: new URLSearchParams(form).toString(),
    }));
  } catch (error) {
    // RFC 6749: a refused grant is a 400 `invalid_grant`; anything else (network, 5xx) may pass.
    if (error instanceof ProviderRejectedError && error.body.includes('invalid_grant')) {
      throw new GrantRefusedError(`TPP refused the grant: ${error.body.slice(0, 300)}`);
    }
    throw error;
  }
  const issued = JSON.parse(body) as { access_token?: string; refresh_token?: string; expires_in?: number };
  if (!issued.access_token) throw new Error('TPP token response has no access_token');
  return {
    accessToken: issued.access_token,
    refreshToken: issued.refresh_token,
    expiresAt: new Date(now.getTime() + (issued.expires_in ?? 3600) * 1000).toISOString(),
  };
}

export function exchangeCode(code: string, redirectUri: string, now: Date): Promise<IssuedTokens> {
  return tokenRequest({ grant_type: 'authorization_code', code, redirect_uri: redirectUri }, now);
}

export function refreshTokens(refreshToken: string, now: Date): Promise<IssuedTokens> {
  return tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken }, now);
}
