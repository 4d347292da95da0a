import { describe, expect, it } from 'vitest';
import {
  contributionsBody,
  employee,
  JSON_API,
  type StatusDocument,
  TOKEN,
  useTppSandbox,
} from './tpp-sandbox-harness.ts';

describe('TPP sandbox', () => {
  const { start, advance, get, post, submit, poll, now } = useTppSandbox();

  it('rejects requests without a bearer token or with an unknown one', async () => {
    const sandbox = await start();
    const missing = await fetch(`${sandbox.url}/api/v2/accounts/855969`);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('content-type')).toBe(JSON_API);
    expect(await missing.json()).toMatchObject({ errors: [{ status: '401', code: 'Unauthorised' }] });

    const wrong = await get(sandbox, '/api/v2/accounts/855969', 'not-a-token');
    expect(wrong.status).toBe(401);

    sandbox.addAccessToken('not-a-token');
    expect((await get(sandbox, '/api/v2/accounts/855969', 'not-a-token')).status).toBe(200);
  });

  it('returns account 855969 as a JSON:API document with absolute links', async () => {
    const sandbox = await start();
    const res = await get(sandbox, '/api/v2/accounts/855969');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(JSON_API);
    const body = (await res.json()) as {
      data: { type: string; id: string; attributes: Record<string, unknown>; links: Record<string, string> };
    };
    expect(body.data).toMatchObject({
      type: 'accounts',
      id: '855969',
      attributes: {
        accountName: 'Franecki Group Weekly',
        prpFrequency: 'Weekly',
        payrollFrequency: 'Weekly',
        taxBasis: 'Net',
        stagingDate: '2016-04-01',
        nextPayReferencePeriod: { start: '2026-11-02', end: '2026-11-08' },
      },
      links: {
        self: `${sandbox.url}/api/v2/accounts/855969`,
        'opt-outs': `${sandbox.url}/api/v2/accounts/855969/opt-outs`,
      },
    });
    expect(body.data.attributes.companyName).toEqual(expect.any(String));
    const groups = body.data.attributes.workerGroups as Array<Record<string, unknown>>;
    expect(new Set(groups.map((group) => group.id)).size).toBeGreaterThanOrEqual(2);
    for (const group of groups) {
      expect(group).toMatchObject({
        description: expect.any(String),
        effective: { start: expect.any(String) },
        earningsBasis: 'Qualifying Earnings',
        employerContributionPercent: expect.any(Number),
        employeeContributionPercent: expect.any(Number),
      });
    }
  });

  it('serves the accounts passed as an override instead of the built-in one', async () => {
    const sandbox = await start({
      accounts: [
        {
          id: '123',
          accountName: 'Test Monthly',
          companyName: 'Test Ltd',
          stagingDate: '2017-01-01',
          prpFrequency: 'Monthly',
          payrollFrequency: 'Monthly',
          taxBasis: 'Gross',
          nextPayReferencePeriod: { start: '2026-11-01', end: '2026-11-30' },
          workerGroups: [],
        },
      ],
    });
    expect((await get(sandbox, '/api/v2/accounts/123')).status).toBe(200);
    expect((await get(sandbox, '/api/v2/accounts/855969')).status).toBe(404);
  });

  it('answers 404 with an errors document for an unknown account', async () => {
    const sandbox = await start();
    const res = await get(sandbox, '/api/v2/accounts/999999');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ errors: [{ status: '404', code: 'NotFound' }] });
  });

  it('accepts contributions with 202, a Location header and a received status document', async () => {
    advance(100);
    const sandbox = await start();
    const sent = JSON.stringify(contributionsBody());
    const res = await post(sandbox, sent, 'application/json');
    expect(res.status).toBe(202);
    expect(res.headers.get('content-type')).toBe(JSON_API);
    const body = (await res.json()) as StatusDocument;
    const statusUrl = `${sandbox.url}/api/v2/contributions/${body.data.id}/status`;
    expect(res.headers.get('location')).toBe(statusUrl);
    expect(body.data.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(body).toEqual({
      data: {
        type: 'contributionsStatus',
        id: body.data.id,
        attributes: {
          received: true,
          validating: false,
          accepted: false,
          failed: false,
          processed: false,
          // 10:00:00.100 + 200 ms, rounded up to the whole second.
          nextPollAfter: '2026-11-09T10:00:01Z',
        },
      },
      links: { self: statusUrl },
    });
    expect(sandbox.submissions()).toEqual([
      {
        id: body.data.id,
        accountId: '855969',
        body: contributionsBody(),
        text: sent,
        receivedAt: now().toISOString(),
        stage: 'received',
      },
    ]);
  });

  it('counts a poll before nextPollAfter as early and leaves the status unchanged', async () => {
    const sandbox = await start();
    const submitted = await submit(sandbox);
    advance(100);
    const polled = await poll(sandbox, submitted.data.id);
    expect(polled).toEqual(submitted);
    expect(sandbox.earlyPolls(submitted.data.id)).toBe(1);
    expect(sandbox.polls(submitted.data.id)).toBe(1);
    expect(sandbox.earlyPolls('someone-else')).toBe(0);
  });

  it('moves through validating and accepted to processed when polled on time', async () => {
    const sandbox = await start();
    const { data } = await submit(sandbox);
    const seen: Array<Record<string, unknown>> = [];
    for (let i = 0; i < 4; i++) {
      advance(1000);
      seen.push((await poll(sandbox, data.id)).data.attributes);
    }
    const flags = seen.map(({ validating, accepted, failed, processed }) => ({
      validating,
      accepted,
      failed,
      processed,
    }));
    expect(flags).toEqual([
      { validating: true, accepted: false, failed: false, processed: false },
      { validating: true, accepted: true, failed: false, processed: false },
      { validating: true, accepted: true, failed: false, processed: true },
      { validating: true, accepted: true, failed: false, processed: true },
    ]);
    expect(seen[0]?.nextPollAfter).toBe('2026-11-09T10:00:02Z');
    expect(sandbox.polls(data.id)).toBe(4);
    expect(sandbox.earlyPolls()).toBe(0);
  });

  it('fails a title/gender mismatch with D/B03 and serves the errors document', async () => {
    const sandbox = await start();
    const { data } = await submit(
      sandbox,
      contributionsBody([
        employee(),
        employee({ title: 'Mr', gender: 'F', uniqueId: '220568', niNumber: 'MS324441B' }),
      ]),
    );
    advance(1000);
    await poll(sandbox, data.id);
    advance(1000);
    const failed = await poll(sandbox, data.id);
    expect(failed.data.attributes).toMatchObject({
      validating: true,
      accepted: false,
      failed: true,
      processed: false,
    });
    const errorsUrl = `${sandbox.url}/api/v2/contributions/${data.id}/errors`;
    expect(failed.links.errors).toBe(errorsUrl);

    advance(1000);
    expect((await poll(sandbox, data.id)).data.attributes).toEqual(failed.data.attributes);

    const res = await get(sandbox, `/api/v2/contributions/${data.id}/errors`);
    expect(res.status).toBe(200);
    const { errors } = (await res.json()) as { errors: Array<Record<string, unknown>> };
    expect(errors).toEqual([
      {
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        code: 'D/B03',
        title: 'The provided gender indicates Female; however provided title indicates Male',
        meta: {
          uniqueId: '220568',
          providedValue: 'F',
          expectedValue: '',
          employeeIndex: '1',
          category: 'DetailsRecord',
        },
        links: { about: 'https://developer.peoplespartnership.co.uk/errors/d-b03/' },
      },
    ]);
  });

  it('flags a female title with gender M the other way round', async () => {
    const sandbox = await start();
    const { data } = await submit(sandbox, contributionsBody([employee({ title: 'Ms', gender: 'M' })]));
    advance(1000);
    await poll(sandbox, data.id);
    advance(1000);
    await poll(sandbox, data.id);
    const { errors } = (await (await get(sandbox, `/api/v2/contributions/${data.id}/errors`)).json()) as {
      errors: Array<{ title: string; meta: Record<string, string> }>;
    };
    expect(errors.map((error) => [error.title, error.meta.providedValue, error.meta.employeeIndex])).toEqual([
      ['The provided gender indicates Male; however provided title indicates Female', 'M', '0'],
    ]);
  });

  it('serves an empty errors list while contributions have not failed', async () => {
    const sandbox = await start();
    const { data } = await submit(sandbox);
    const res = await get(sandbox, `/api/v2/contributions/${data.id}/errors`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ errors: [] });
    expect((await get(sandbox, '/api/v2/contributions/nope/status')).status).toBe(404);
  });

  it('rejects malformed or incomplete contributions with 400, and non-JSON bodies with 415', async () => {
    const sandbox = await start();
    const malformed = await post(sandbox, '{"data":');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ errors: [{ status: '400' }] });

    const withoutEmployees = contributionsBody() as { data: { attributes: Record<string, unknown> } };
    delete withoutEmployees.data.attributes.employees;
    expect((await post(sandbox, JSON.stringify(withoutEmployees))).status).toBe(400);
    expect((await post(sandbox, JSON.stringify({ data: { type: 'contributions' } }))).status).toBe(400);
    expect((await post(sandbox, JSON.stringify(contributionsBody()), 'text/plain')).status).toBe(415);
    expect(sandbox.submissions()).toEqual([]);
  });

  it('answers 404 for contributions to an unknown account', async () => {
    const sandbox = await start();
    const body = contributionsBody() as { data: { attributes: Record<string, unknown> } };
    body.data.attributes.accountId = 111111;
    expect((await post(sandbox, JSON.stringify(body))).status).toBe(404);
  });

  it('answers 404 for unknown routes and 405 for the wrong method', async () => {
    const sandbox = await start();
    expect((await get(sandbox, '/api/v2/nothing-here')).status).toBe(404);
    const wrongMethod = await fetch(`${sandbox.url}/api/v2/accounts/855969`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect(wrongMethod.status).toBe(405);
    expect(await wrongMethod.json()).toMatchObject({ errors: [{ status: '405' }] });
  });
});
