import { describe, expect, it } from 'vitest';
import type { TppSandbox } from '../../../sandboxes/tpp/server.ts';
import { useTppSandbox } from './tpp-sandbox-harness.ts';

const REDIRECT_URI = 'https://gateway.example/oauth/callback?tenant=t1';
const SCOPE = 'openid profile read write offline_access';

interface TokenResponse {
  access_token: string;
  refresh_token?: string;
  expires_in: number;
  token_type: string;
  scope: string;
}

function basic(clientId: string, clientSecret: string): string {
  return `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
}

describe('TPP sandbox OAuth 2 authorisation server', () => {
  const { start, advance, get } = useTppSandbox();

  function authorize(sandbox: TppSandbox, params: Record<string, string>): Promise<Response> {
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: 'local',
      redirect_uri: REDIRECT_URI,
      scope: SCOPE,
      state: 'xyz',
      ...params,
    });
    return fetch(`${sandbox.url}/connect/authorize?${query}`, { redirect: 'manual' });
  }

  async function codeFor(sandbox: TppSandbox, params: Record<string, string> = {}): Promise<string> {
    const res = await authorize(sandbox, params);
    return new URL(res.headers.get('location') ?? '').searchParams.get('code') ?? '';
  }

  function form(
    sandbox: TppSandbox,
    path: string,
    fields: Record<string, string>,
    // null: no Authorization header, for client credentials in the form.
    authorization: string | null = basic('local', 'local'),
  ): Promise<Response> {
    return fetch(`${sandbox.url}${path}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        ...(authorization ? { Authorization: authorization } : {}),
      },
      body: new URLSearchParams(fields).toString(),
    });
  }

  function exchange(sandbox: TppSandbox, code: string, redirectUri = REDIRECT_URI): Promise<Response> {
    return form(sandbox, '/connect/token', {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
    });
  }

  function refresh(sandbox: TppSandbox, refreshToken: string): Promise<Response> {
    return form(sandbox, '/connect/token', { grant_type: 'refresh_token', refresh_token: refreshToken });
  }

  async function tokens(sandbox: TppSandbox): Promise<TokenResponse> {
    const res = await exchange(sandbox, await codeFor(sandbox));
    expect(res.status).toBe(200);
    return (await res.json()) as TokenResponse;
  }

  async function expectOAuthError(res: Response, status: number, error: string): Promise<void> {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ error, error_description: expect.any(String) });
  }

  it('approves at once and redirects with a code and the state, keeping the redirect_uri query', async () => {
    const sandbox = await start();
    const res = await authorize(sandbox, {});
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe('https://gateway.example/oauth/callback');
    expect(location.searchParams.get('tenant')).toBe('t1');
    expect(location.searchParams.get('code')).toMatch(/^[\w-]{20,}$/);
    expect(location.searchParams.get('state')).toBe('xyz');
  });

  it('refuses an unknown client or a missing redirect_uri on a page, and a wrong response_type by redirect', async () => {
    const sandbox = await start({ clients: [{ clientId: 'gateway', clientSecret: 's3cret' }] });
    const unknown = await authorize(sandbox, {});
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await unknown.text()).toContain("client_id 'local' is not registered");

    const noRedirect = await authorize(sandbox, { client_id: 'gateway', redirect_uri: '' });
    expect(noRedirect.status).toBe(400);
    expect(await noRedirect.text()).toContain('redirect_uri');

    const token = await authorize(sandbox, { client_id: 'gateway', response_type: 'token' });
    const location = new URL(token.headers.get('location') ?? '');
    expect(location.searchParams.get('error')).toBe('unsupported_response_type');
    expect(location.searchParams.get('state')).toBe('xyz');
  });

  it('exchanges a code once for tokens that open the API', async () => {
    const sandbox = await start();
    const code = await codeFor(sandbox);
    const res = await exchange(sandbox, code);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const issued = (await res.json()) as TokenResponse;
    expect(issued).toEqual({
      access_token: expect.any(String),
      refresh_token: expect.any(String),
      expires_in: 3600,
      token_type: 'Bearer',
      scope: SCOPE,
    });
    expect((await get(sandbox, '/api/v2/accounts', issued.access_token)).status).toBe(200);

    await expectOAuthError(await exchange(sandbox, code), 400, 'invalid_grant');
    expect(sandbox.tokenRequests('authorization_code')).toBe(2);
    expect(sandbox.tokenRequests()).toBe(2);
  });

  it('refuses a code after 60 s, with another redirect_uri, or for another client', async () => {
    const sandbox = await start({
      clients: [
        { clientId: 'local', clientSecret: 'local' },
        { clientId: 'other', clientSecret: 'other' },
      ],
    });
    const late = await codeFor(sandbox);
    advance(60_000);
    await expectOAuthError(await exchange(sandbox, late), 400, 'invalid_grant');

    const code = await codeFor(sandbox);
    await expectOAuthError(
      await exchange(sandbox, code, 'https://elsewhere.example/cb'),
      400,
      'invalid_grant',
    );

    const stolen = await codeFor(sandbox);
    const res = await form(
      sandbox,
      '/connect/token',
      { grant_type: 'authorization_code', code: stolen, redirect_uri: REDIRECT_URI },
      basic('other', 'other'),
    );
    await expectOAuthError(res, 400, 'invalid_grant');
  });

  it('authenticates the client by Basic or by form fields, and answers 401 invalid_client otherwise', async () => {
    const sandbox = await start({ clients: [{ clientId: 'gateway app', clientSecret: 'p@ss:word' }] });
    const params = { client_id: 'gateway app' };
    // RFC 6749 2.3.1: the Basic credentials are form-encoded first, as the gateway sends them.
    const encoded = `Basic ${Buffer.from('gateway+app:p%40ss%3Aword').toString('base64')}`;
    const viaBasic = await form(
      sandbox,
      '/connect/token',
      { grant_type: 'authorization_code', code: await codeFor(sandbox, params), redirect_uri: REDIRECT_URI },
      encoded,
    );
    expect(viaBasic.status).toBe(200);

    const viaForm = await form(
      sandbox,
      '/connect/token',
      {
        grant_type: 'authorization_code',
        code: await codeFor(sandbox, params),
        redirect_uri: REDIRECT_URI,
        client_id: 'gateway app',
        client_secret: 'p@ss:word',
      },
      null,
    );
    expect(viaForm.status).toBe(200);

    const wrong = await form(
      sandbox,
      '/connect/token',
      { grant_type: 'refresh_token', refresh_token: 'x' },
      basic('gateway app', 'nope'),
    );
    await expectOAuthError(wrong, 401, 'invalid_client');
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Basic/);
  });

  it('answers unsupported_grant_type for other grants', async () => {
    const sandbox = await start();
    await expectOAuthError(
      await form(sandbox, '/connect/token', { grant_type: 'client_credentials' }),
      400,
      'unsupported_grant_type',
    );
    expect(sandbox.tokenRequests('client_credentials')).toBe(1);
  });

  it('rotates refresh tokens: the used one is refused, the new one works', async () => {
    const sandbox = await start();
    const first = await tokens(sandbox);
    const res = await refresh(sandbox, first.refresh_token ?? '');
    expect(res.status).toBe(200);
    const second = (await res.json()) as TokenResponse;
    expect(second.refresh_token).toEqual(expect.any(String));
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.access_token).not.toBe(first.access_token);
    expect((await get(sandbox, '/api/v2/accounts', second.access_token)).status).toBe(200);

    await expectOAuthError(await refresh(sandbox, first.refresh_token ?? ''), 400, 'invalid_grant');
    expect((await refresh(sandbox, second.refresh_token ?? '')).status).toBe(200);
    expect(sandbox.tokenRequests('refresh_token')).toBe(3);
    expect(sandbox.tokenRequests('authorization_code')).toBe(1);
  });

  it('issues no refresh token without offline_access', async () => {
    const sandbox = await start();
    const res = await exchange(sandbox, await codeFor(sandbox, { scope: 'openid read write' }));
    const issued = (await res.json()) as TokenResponse;
    expect(issued.refresh_token).toBeUndefined();
    expect(issued.scope).toBe('openid read write');
  });

  it('refuses every refresh after revokeAllRefreshTokens, as when consent is withdrawn', async () => {
    const sandbox = await start();
    const issued = await tokens(sandbox);
    sandbox.revokeAllRefreshTokens();
    await expectOAuthError(await refresh(sandbox, issued.refresh_token ?? ''), 400, 'invalid_grant');
    // Access tokens already issued keep working until they expire.
    expect((await get(sandbox, '/api/v2/accounts', issued.access_token)).status).toBe(200);
  });

  it('revokes access and refresh tokens through /connect/revocation', async () => {
    const sandbox = await start();
    const issued = await tokens(sandbox);
    const revokeAccess = await form(sandbox, '/connect/revocation', {
      token: issued.access_token,
      token_type_hint: 'access_token',
    });
    expect(revokeAccess.status).toBe(200);
    expect((await get(sandbox, '/api/v2/accounts', issued.access_token)).status).toBe(401);

    const revokeRefresh = await form(sandbox, '/connect/revocation', {
      token: issued.refresh_token ?? '',
      token_type_hint: 'refresh_token',
    });
    expect(revokeRefresh.status).toBe(200);
    await expectOAuthError(await refresh(sandbox, issued.refresh_token ?? ''), 400, 'invalid_grant');

    // Unknown tokens are fine (RFC 7009); an unauthenticated client is not.
    expect((await form(sandbox, '/connect/revocation', { token: 'never-issued' })).status).toBe(200);
    await expectOAuthError(
      await form(sandbox, '/connect/revocation', { token: 'x' }, basic('local', 'wrong')),
      401,
      'invalid_client',
    );
  });

  it('expires issued access tokens after accessTokenTtlSeconds, but never the static ones', async () => {
    const sandbox = await start({ accessTokenTtlSeconds: 60 });
    const issued = await tokens(sandbox);
    expect(issued.expires_in).toBe(60);
    advance(59_000);
    expect((await get(sandbox, '/api/v2/accounts', issued.access_token)).status).toBe(200);
    advance(1_000);
    const expired = await get(sandbox, '/api/v2/accounts', issued.access_token);
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toBe('Bearer');

    sandbox.addAccessToken('forever');
    advance(365 * 24 * 3600 * 1000);
    expect((await get(sandbox, '/api/v2/accounts', 'forever')).status).toBe(200);
    expect((await get(sandbox, '/api/v2/accounts')).status).toBe(200);
  });

  it('wants a form body on the token endpoint', async () => {
    const sandbox = await start();
    const res = await fetch(`${sandbox.url}/connect/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: basic('local', 'local') },
      body: JSON.stringify({ grant_type: 'refresh_token' }),
    });
    await expectOAuthError(res, 400, 'invalid_request');
  });
});
