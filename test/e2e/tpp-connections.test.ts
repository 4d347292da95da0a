import { describe, expect, it } from 'vitest';
import { submissionForNextPeriod, untilFinished, useRunningGateway } from '../support/http.ts';

/**
 * TPP OAuth 2 connections end to end over HTTP: consent, callback, tokens in Secrets Manager, refresh by one
 * caller at a time, and a refused refresh surfacing as reauthorisation-needed. Sandbox access tokens live
 * 65 s and the gateway refreshes 60 s before expiry, so a token is stale 5 s after it is issued.
 */
const gateway = useRunningGateway({ tppSandbox: { pollDelayMs: 300, accessTokenTtlSeconds: 65 } });
const STALE_AFTER_MS = 5_100;

const sandbox = () => {
  if (!gateway.runtime.tppSandbox) throw new Error('the runtime did not start the TPP sandbox');
  return gateway.runtime.tppSandbox;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function connect(returnUrl?: string) {
  const started = await gateway.call('POST', '/v1/tpp/connections', returnUrl ? { returnUrl } : undefined);
  expect(started.status).toBe(201);
  const consent = await fetch(started.body.authorizeUrl, { redirect: 'manual' });
  expect(consent.status).toBe(302);
  const callback = consent.headers.get('location') as string;
  return {
    connectionId: started.body.connectionId as string,
    authorizeUrl: started.body.authorizeUrl,
    callback,
  };
}

describe('TPP OAuth 2 connections', () => {
  it('connects through consent and callback, and lists the accounts the grant reaches', async () => {
    const { connectionId, authorizeUrl, callback } = await connect();
    const authorize = new URL(authorizeUrl);
    expect(authorize.pathname).toBe('/connect/authorize');
    expect(authorize.searchParams.get('scope')).toBe('openid profile read write offline_access');
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${gateway.runtime.url}/v1/tpp/callback`);
    expect(new URL(callback).origin).toBe(gateway.runtime.url);

    const landed = await fetch(callback);
    expect(landed.status).toBe(200);
    expect(await landed.text()).toContain('connected');
    // The state is single-use: the same callback again changes nothing.
    const replayed = await fetch(callback);
    expect(replayed.status).toBe(400);

    const accounts = await gateway.call('GET', `/v1/tpp/connections/${connectionId}/accounts`);
    expect(accounts.status).toBe(200);
    expect(accounts.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ accountId: '855969', apiSupported: true }),
        expect.objectContaining({ accountId: '840834', apiSupported: true }),
        expect.objectContaining({ accountId: '800001', apiSupported: false, reason: expect.any(String) }),
      ]),
    );

    const linked = await gateway.call('POST', '/v1/schemes', {
      provider: 'TPP',
      route: 'direct',
      employerReference: 'reynolds',
      connectionId,
      accountId: '840834',
    });
    expect(linked.status).toBe(201);
    expect(linked.body.details).toMatchObject({ prpFrequency: 'Fortnightly' });
    const refused = await gateway.call('POST', '/v1/schemes', {
      provider: 'TPP',
      route: 'direct',
      employerReference: 'legacy',
      connectionId,
      accountId: '800001',
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0].code).toBe('account-not-permitted');
  });

  it('sends the browser back to the payroll product when it gave a return URL', async () => {
    const { connectionId, callback } = await connect('https://payroll.example/pensions/connected');
    const landed = await fetch(callback, { redirect: 'manual' });
    expect(landed.status).toBe(302);
    const back = new URL(landed.headers.get('location') as string);
    expect(back.origin + back.pathname).toBe('https://payroll.example/pensions/connected');
    expect(Object.fromEntries(back.searchParams)).toEqual({ connectionId, status: 'active' });
  });

  it('refreshes a stale token exactly once for many parallel callers', async () => {
    const { connectionId, callback } = await connect();
    await fetch(callback);
    await sleep(STALE_AFTER_MS);
    const before = sandbox().tokenRequests('refresh_token');
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => gateway.call('GET', `/v1/tpp/connections/${connectionId}/accounts`)),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(sandbox().tokenRequests('refresh_token') - before).toBe(1);
  });

  it('marks the connection and its schemes reauthorisation-needed when TPP refuses the refresh', async () => {
    const { connectionId, callback } = await connect();
    await fetch(callback);
    const linked = await gateway.call('POST', '/v1/schemes', {
      provider: 'TPP',
      route: 'direct',
      employerReference: 'hauck',
      connectionId,
      accountId: '859763',
    });
    expect(linked.status).toBe(201);
    sandbox().revokeAllRefreshTokens();
    await sleep(STALE_AFTER_MS);

    const accounts = await gateway.call('GET', `/v1/tpp/connections/${connectionId}/accounts`);
    expect(accounts.status).toBe(403);
    expect(accounts.body.errors[0]).toMatchObject({ code: 'provider-authorisation', source: 'provider' });
    const scheme = await gateway.call('GET', `/v1/schemes/${linked.body.schemeId}`);
    expect(scheme.body.authorisation.status).toBe('reauthorisation-needed');
    const events = gateway.runtime.eventBridge
      .events()
      .filter((e) => e.DetailType === 'Connection Reauthorisation Needed');
    expect(events.map((e) => (e.Detail as any).connectionId)).toEqual([connectionId]);
  });
});

describe('TPP opt-outs', () => {
  it('pulls opt-outs with refund status, tracks refund changes, and confirms through the next submission', async () => {
    const empty = await gateway.call('POST', `/v1/schemes/${gateway.schemeId}/opt-outs/sync`);
    expect(empty.body).toMatchObject({ listed: 0, received: 0 });

    sandbox().addOptOut('855969', {
      uniqueId: '65309',
      forename: 'Oliver',
      surname: 'King',
      niNumber: 'MS324441B',
      optOutDate: '2026-11-04',
      optOutChannel: 'Online',
      refundStatus: 'Processing',
      entitledToRefund: 'M',
      employeeRefund: 0,
      employerRefund: 0,
    });
    const pulled = await gateway.call('POST', `/v1/schemes/${gateway.schemeId}/opt-outs/sync`);
    expect(pulled.body).toMatchObject({ listed: 1, received: 1, updated: 0 });
    const again = await gateway.call('POST', `/v1/schemes/${gateway.schemeId}/opt-outs/sync`);
    expect(again.body).toMatchObject({ listed: 1, received: 0, updated: 0 });

    sandbox().updateOptOut('855969', '65309', {
      refundStatus: 'Processed',
      entitledToRefund: 'Y',
      employeeRefund: 26,
      employerRefund: 15.6,
    });
    const changed = await gateway.call('POST', `/v1/schemes/${gateway.schemeId}/opt-outs/sync`);
    expect(changed.body).toMatchObject({ received: 0, updated: 1 });
    const listed = await gateway.call('GET', `/v1/schemes/${gateway.schemeId}/opt-outs`);
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        uniqueId: '65309',
        niNumber: 'MS324441B',
        optOutDate: '2026-11-04',
        channel: 'Online',
        refundStatus: 'Processed',
        entitledToRefund: 'Y',
        employeeRefund: 26,
        employerRefund: 15.6,
        status: 'open',
        firstSeenAt: expect.any(String),
        lastChangedAt: expect.any(String),
      }),
    ]);
    const types = gateway.runtime.eventBridge
      .events()
      .filter((e) => (e.Detail as any).schemeId === gateway.schemeId && e.DetailType.startsWith('Opt-out'))
      .map((e) => [e.DetailType, (e.Detail as any).changedFields]);
    expect(types).toEqual([
      ['Opt-out Received', undefined],
      ['Opt-out Updated', ['refundStatus', 'entitledToRefund', 'employeeRefund', 'employerRefund']],
    ]);

    // Payroll leaves optOutDate blank; the gateway fills it in, says so, and TPP takes it as confirmation.
    const document = await submissionForNextPeriod(gateway);
    document.employees[1].employerContributionAmount = 0;
    document.employees[1].employeeContributionAmount = 0;
    const accepted = await gateway.call('POST', `/v1/schemes/${gateway.schemeId}/submissions`, document);
    expect(accepted.status).toBe(202);
    expect(accepted.body.adjustments).toEqual([
      expect.objectContaining({
        uniqueId: '65309',
        employeeIndex: 1,
        field: 'optOutDate',
        value: '2026-11-04',
      }),
    ]);
    expect((await untilFinished(gateway.call, accepted.body.submissionId)).status).toBe('processed');

    const confirmed = await gateway.call('POST', `/v1/schemes/${gateway.schemeId}/opt-outs/sync`);
    expect(confirmed.body).toMatchObject({ listed: 0, confirmed: 1 });
    const after = await gateway.call('GET', `/v1/schemes/${gateway.schemeId}/opt-outs`);
    expect(after.body.items[0]).toMatchObject({ status: 'confirmed', confirmedAt: expect.any(String) });
  });
});
