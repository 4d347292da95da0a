import { randomBytes } from 'node:crypto';
import { decodeComponent } from '../common/http.ts';

// An auto-approving stand-in for TPP's authorisation server (IdentityServer-style /connect endpoints):
// authorization code grant, rotating refresh tokens, RFC 6749 error bodies and RFC 7009 revocation.

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
}

interface AuthorizationServerOptions {
  clients: readonly OAuthClient[];
  // Tokens that never expire: the accessTokens option and addAccessToken.
  staticAccessTokens: readonly string[];
  accessTokenTtlSeconds: number;
  now: () => Date;
}

type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unsupported_grant_type'
  | 'unsupported_response_type';

export type OAuthOutcome =
  | { status: 200; body?: Record<string, unknown> }
  | { status: 400 | 401; body: { error: OAuthErrorCode; error_description: string } };

type AuthorizeOutcome = { redirect: string } | { refuse: string };

interface Grant {
  clientId: string;
  scope: string;
}

interface PendingCode extends Grant {
  redirectUri: string;
  expiresAt: number;
}

interface AccessTokenRecord {
  // Absent for static tokens, which belong to no client and never expire.
  clientId?: string;
  expiresAt?: number;
}

// Codes are meant to be exchanged at once: IdentityServer's default lifetime is five minutes, ours one.
const CODE_TTL_MS = 60_000;

function newToken(): string {
  return randomBytes(32).toString('base64url');
}

function oauthError(status: 400 | 401, error: OAuthErrorCode, description: string): OAuthOutcome {
  return { status, body: { error, error_description: description } };
}

// RFC 6749 2.3.1: both halves of Basic credentials are form-encoded before base64.
function formDecode(value: string): string | undefined {
  return decodeComponent(value.replace(/\+/g, ' '));
}

function credentialsOf(authorization: string | undefined, form: URLSearchParams): OAuthClient | undefined {
  const basic = /^Basic\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (basic?.[1]) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    const clientId = formDecode(decoded.slice(0, colon));
    const clientSecret = formDecode(decoded.slice(colon + 1));
    return clientId === undefined || clientSecret === undefined ? undefined : { clientId, clientSecret };
  }
  const clientId = form.get('client_id');
  const clientSecret = form.get('client_secret');
  return clientId === null || clientSecret === null ? undefined : { clientId, clientSecret };
}

function isAbsoluteUrl(value: string): boolean {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

export class AuthorizationServer {
  private readonly secrets: Map<string, string>;
  private readonly codes = new Map<string, PendingCode>();
  private readonly accessTokens = new Map<string, AccessTokenRecord>();
  private readonly refreshTokens = new Map<string, Grant>();
  private readonly tokenRequestCounts = new Map<string, number>();

  constructor(private readonly options: AuthorizationServerOptions) {
    this.secrets = new Map(options.clients.map(({ clientId, clientSecret }) => [clientId, clientSecret]));
    for (const token of options.staticAccessTokens) this.addStaticAccessToken(token);
  }

  addStaticAccessToken(token: string): void {
    this.accessTokens.set(token, {});
  }

  isValidAccessToken(token: string): boolean {
    const record = this.accessTokens.get(token);
    return record !== undefined && (record.expiresAt === undefined || this.nowMs() < record.expiresAt);
  }

  tokenRequests(grantType?: string): number {
    if (grantType !== undefined) return this.tokenRequestCounts.get(grantType) ?? 0;
    return [...this.tokenRequestCounts.values()].reduce((sum, count) => sum + count, 0);
  }

  revokeAllRefreshTokens(): void {
    this.refreshTokens.clear();
  }

  // The consent screen, approved at once. Problems with the client or redirect_uri cannot be sent back
  // to an unverified redirect_uri, so they are refused on the page (RFC 6749 4.1.2.1).
  authorize(query: URLSearchParams): AuthorizeOutcome {
    const clientId = query.get('client_id');
    if (!clientId) return { refuse: 'The request has no client_id.' };
    if (!this.secrets.has(clientId)) return { refuse: `The client_id '${clientId}' is not registered.` };
    const redirectUri = query.get('redirect_uri');
    if (!redirectUri || !isAbsoluteUrl(redirectUri)) {
      return { refuse: 'The request has no redirect_uri, or it is not an absolute URL.' };
    }
    const target = new URL(redirectUri);
    if (query.get('response_type') === 'code') {
      const code = newToken();
      this.codes.set(code, {
        clientId,
        scope: query.get('scope') ?? '',
        redirectUri,
        expiresAt: this.nowMs() + CODE_TTL_MS,
      });
      target.searchParams.set('code', code);
    } else {
      target.searchParams.set('error', 'unsupported_response_type');
    }
    const state = query.get('state');
    if (state !== null) target.searchParams.set('state', state);
    return { redirect: target.toString() };
  }

  token(form: URLSearchParams, authorization: string | undefined): OAuthOutcome {
    const grantType = form.get('grant_type') ?? '';
    this.tokenRequestCounts.set(grantType, this.tokenRequests(grantType) + 1);
    const client = this.authenticate(form, authorization);
    if (!client) return oauthError(401, 'invalid_client', 'Client authentication failed');
    switch (grantType) {
      case 'authorization_code':
        return this.exchangeCode(form, client);
      case 'refresh_token':
        return this.refresh(form, client);
      case '':
        return oauthError(400, 'invalid_request', 'grant_type is missing');
      default:
        return oauthError(400, 'unsupported_grant_type', `grant_type '${grantType}' is not supported`);
    }
  }

  // RFC 7009: an unknown or already revoked token is still a success, so clients can always retry.
  revoke(form: URLSearchParams, authorization: string | undefined): OAuthOutcome {
    const client = this.authenticate(form, authorization);
    if (!client) return oauthError(401, 'invalid_client', 'Client authentication failed');
    const token = form.get('token');
    if (!token) return oauthError(400, 'invalid_request', 'token is missing');
    // token_type_hint only speeds up the lookup on a real server; both kinds are searched here.
    const access = this.accessTokens.get(token);
    if (access && (access.clientId === undefined || access.clientId === client))
      this.accessTokens.delete(token);
    if (this.refreshTokens.get(token)?.clientId === client) this.refreshTokens.delete(token);
    return { status: 200 };
  }

  private authenticate(form: URLSearchParams, authorization: string | undefined): string | undefined {
    const credentials = credentialsOf(authorization, form);
    if (!credentials) return undefined;
    return this.secrets.get(credentials.clientId) === credentials.clientSecret
      ? credentials.clientId
      : undefined;
  }

  // Single use: the code is spent by any attempt to redeem it, successful or not.
  private exchangeCode(form: URLSearchParams, clientId: string): OAuthOutcome {
    const code = form.get('code');
    if (!code) return oauthError(400, 'invalid_request', 'code is missing');
    const pending = this.codes.get(code);
    this.codes.delete(code);
    if (!pending) return oauthError(400, 'invalid_grant', 'The code is unknown or has already been used');
    if (this.nowMs() >= pending.expiresAt) return oauthError(400, 'invalid_grant', 'The code has expired');
    if (pending.clientId !== clientId) {
      return oauthError(400, 'invalid_grant', 'The code was issued to another client');
    }
    if (form.get('redirect_uri') !== pending.redirectUri) {
      return oauthError(400, 'invalid_grant', 'redirect_uri differs from the one sent to /connect/authorize');
    }
    return this.issue(pending);
  }

  // Rotation: the refresh token used here stops working, and a new one comes with the new access token.
  private refresh(form: URLSearchParams, clientId: string): OAuthOutcome {
    const refreshToken = form.get('refresh_token');
    if (!refreshToken) return oauthError(400, 'invalid_request', 'refresh_token is missing');
    const grant = this.refreshTokens.get(refreshToken);
    if (!grant || grant.clientId !== clientId) {
      return oauthError(400, 'invalid_grant', 'The refresh token is unknown, revoked or already used');
    }
    this.refreshTokens.delete(refreshToken);
    return this.issue(grant);
  }

  // As with IdentityServer, a refresh token only comes with the offline_access scope.
  private issue(grant: Grant): OAuthOutcome {
    const accessToken = newToken();
    const expiresIn = this.options.accessTokenTtlSeconds;
    this.accessTokens.set(accessToken, {
      clientId: grant.clientId,
      expiresAt: this.nowMs() + expiresIn * 1000,
    });
    const body: Record<string, unknown> = {
      access_token: accessToken,
      expires_in: expiresIn,
      token_type: 'Bearer',
      scope: grant.scope,
    };
    if (grant.scope.split(/\s+/).includes('offline_access')) {
      const refreshToken = newToken();
      this.refreshTokens.set(refreshToken, { clientId: grant.clientId, scope: grant.scope });
      body.refresh_token = refreshToken;
    }
    return { status: 200, body };
  }

  private nowMs(): number {
    return this.options.now().getTime();
  }
}
