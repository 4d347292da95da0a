import { describe, expect, it } from 'vitest';
import { periodAfter } from '../../../sandboxes/tpp/accounts.ts';
import type { TppOptOut, TppSandbox } from '../../../sandboxes/tpp/server.ts';
import { contributionsBody, employee, JSON_API, useTppSandbox } from './tpp-sandbox-harness.ts';

interface AccountDocument {
  data: {
    id: string;
    attributes: { nextPayReferencePeriod: { start: string; end: string } } & Record<string, unknown>;
  };
}

function optOut(overrides: Partial<TppOptOut> = {}): TppOptOut {
  return {
    uniqueId: '65775',
    forename: 'Laura',
    surname: 'Thomas',
    niNumber: 'HA850971A',
    optOutDate: '2026-10-22',
    optOutChannel: 'Telephone',
    refundStatus: 'No Refund',
    entitledToRefund: 'N',
    employeeRefund: 0,
    employerRefund: 0,
    ...overrides,
  };
}

describe('TPP sandbox accounts', () => {
  const { start, get, post, submit, poll, advance, settle } = useTppSandbox();

  async function account(sandbox: TppSandbox, id: string): Promise<AccountDocument['data']> {
    const res = await get(sandbox, `/api/v2/accounts/${id}`);
    expect(res.status).toBe(200);
    return ((await res.json()) as AccountDocument).data;
  }

  it('lists the three sandbox accounts, the paper-only one and the one with every published group shape', async () => {
    const sandbox = await start();
    const res = await get(sandbox, '/api/v2/accounts');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(JSON_API);
    const { data } = (await res.json()) as { data: unknown[] };
    const supported = (id: string, accountName: string) => ({
      type: 'accounts',
      id,
      attributes: { accountName, api: { isSupported: true } },
      links: { self: `${sandbox.url}/api/v2/accounts/${id}` },
    });
    expect(data).toEqual([
      supported('855969', 'Franecki Group Weekly'),
      supported('859763', 'Hauck-Stracke Weekly'),
      supported('840834', 'Reynolds PLC Fortnightly'),
      {
        type: 'accounts',
        id: '800001',
        attributes: {
          accountName: 'Legacy Paper Ltd',
          api: { isSupported: false, reason: 'Account uses paper submissions' },
        },
        links: { self: `${sandbox.url}/api/v2/accounts/800001` },
      },
      supported('870001', 'Okuneva Bakers Monthly'),
    ]);
  });

  it('answers 403 for the account that cannot use the API, for reading and for contributions', async () => {
    const sandbox = await start();
    const res = await get(sandbox, '/api/v2/accounts/800001');
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      errors: [
        {
          status: '403',
          code: 'Forbidden',
          title: 'Account 800001 cannot use the Payroll Integration API: Account uses paper submissions',
        },
      ],
    });
    expect((await get(sandbox, '/api/v2/accounts/800001/opt-outs')).status).toBe(403);
    const body = contributionsBody([employee()], { accountId: 800001 });
    expect((await post(sandbox, JSON.stringify(body))).status).toBe(403);
  });

  it('describes the Weekly-Monthly and Fortnightly accounts', async () => {
    const sandbox = await start();
    expect((await account(sandbox, '859763')).attributes).toMatchObject({
      prpFrequency: 'Weekly',
      payrollFrequency: 'Monthly',
      nextPayReferencePeriod: { start: '2026-11-02', end: '2026-11-08' },
    });
    const reynolds = await account(sandbox, '840834');
    expect(reynolds.attributes).toMatchObject({
      prpFrequency: 'Fortnightly',
      payrollFrequency: 'Fortnightly',
      nextPayReferencePeriod: { start: '2026-10-26', end: '2026-11-08' },
    });
    const groups = reynolds.attributes.workerGroups as Array<{ id: string; effective: { end?: string } }>;
    expect(groups.filter((group) => group.id === 'Staff')).toHaveLength(2);
    expect(groups.some((group) => group.effective.end !== undefined)).toBe(true);
  });

  it('moves nextPayReferencePeriod on once a submission is processed, and not before', async () => {
    const sandbox = await start();
    const { data } = await submit(sandbox);
    for (let i = 0; i < 2; i++) {
      advance(1000);
      await poll(sandbox, data.id);
    }
    // Accepted, not yet processed.
    expect((await account(sandbox, '855969')).attributes.nextPayReferencePeriod).toEqual({
      start: '2026-11-02',
      end: '2026-11-08',
    });
    advance(1000);
    expect((await poll(sandbox, data.id)).data.attributes.processed).toBe(true);
    expect((await account(sandbox, '855969')).attributes.nextPayReferencePeriod).toEqual({
      start: '2026-11-09',
      end: '2026-11-15',
    });

    // The same period again is now the wrong one; the next one goes through.
    const again = await settle(sandbox);
    expect(again.errors.map((error) => [error.code, error.meta.expectedValue])).toEqual([
      ['H/D03', '2026-11-09'],
      ['H/D03', '2026-11-15'],
    ]);
    const next = contributionsBody([employee()], {
      payReferencePeriod: { start: '2026-11-09', end: '2026-11-15' },
    });
    expect((await settle(sandbox, next)).stage).toBe('processed');
  });

  it('does not move the period on for a failed submission, nor change the accounts passed in', async () => {
    const monthly = {
      id: '123',
      accountName: 'Test Monthly',
      companyName: 'Test Ltd',
      stagingDate: '2016-04-01',
      prpFrequency: 'Monthly',
      payrollFrequency: 'Monthly',
      taxBasis: 'Gross',
      nextPayReferencePeriod: { start: '2026-10-01', end: '2026-10-31' },
      workerGroups: [
        {
          id: 'UF',
          description: 'Staff',
          effective: { start: '2016-04-01' },
          earningsBasis: 'Qualifying Earnings',
          employeeContributionAmount: 0,
          employeeContributionPercent: 5,
          employerContributionAmount: 0,
          employerContributionPercent: 3,
        },
      ],
    };
    const sandbox = await start({ accounts: [monthly] });
    const attributes = { accountId: '123', payReferencePeriod: { start: '2026-10-01', end: '2026-10-31' } };
    const failed = await settle(sandbox, contributionsBody([employee({ title: 'Mr' })], attributes));
    expect(failed.stage).toBe('failed');
    expect((await account(sandbox, '123')).attributes.nextPayReferencePeriod.start).toBe('2026-10-01');

    expect((await settle(sandbox, contributionsBody([employee()], attributes))).stage).toBe('processed');
    expect((await account(sandbox, '123')).attributes.nextPayReferencePeriod).toEqual({
      start: '2026-11-01',
      end: '2026-11-30',
    });
    expect(monthly.nextPayReferencePeriod.start).toBe('2026-10-01');
  });

  it('computes the following period for each prpFrequency', () => {
    expect(periodAfter({ start: '2026-11-02', end: '2026-11-08' }, 'Weekly')).toEqual({
      start: '2026-11-09',
      end: '2026-11-15',
    });
    expect(periodAfter({ start: '2026-10-26', end: '2026-11-08' }, 'Fortnightly')).toEqual({
      start: '2026-11-09',
      end: '2026-11-22',
    });
    expect(periodAfter({ start: '2026-12-01', end: '2026-12-28' }, 'Four Weekly')).toEqual({
      start: '2026-12-29',
      end: '2027-01-25',
    });
    expect(periodAfter({ start: '2026-10-01', end: '2026-10-31' }, 'Monthly')).toEqual({
      start: '2026-11-01',
      end: '2026-11-30',
    });
    expect(periodAfter({ start: '2026-10-15', end: '2026-11-14' }, 'Monthly')).toEqual({
      start: '2026-11-15',
      end: '2026-12-14',
    });
    expect(periodAfter({ start: '2027-01-01', end: '2027-01-31' }, 'Monthly')).toEqual({
      start: '2027-02-01',
      end: '2027-02-28',
    });
    expect(periodAfter({ start: '2026-11-01', end: '2026-11-30' }, 'Yearly')).toBeUndefined();
  });

  it('refuses a second request with 409 H/Q01 while one is in flight for the account', async () => {
    const sandbox = await start();
    const { data } = await submit(sandbox);
    const second = await post(sandbox, JSON.stringify(contributionsBody()));
    expect(second.status).toBe(409);
    expect(second.headers.get('content-type')).toBe(JSON_API);
    expect(await second.json()).toEqual({
      errors: [
        {
          status: '409',
          code: 'H/Q01',
          title: 'A contributions request for this account is already being processed',
        },
      ],
    });
    expect(sandbox.submissions()).toHaveLength(1);

    // Other accounts are not held up.
    const other = contributionsBody([employee({ workerGroupId: 'Standard' })], { accountId: 859763 });
    expect((await post(sandbox, JSON.stringify(other))).status).toBe(202);

    // Busy while validating and accepted; free again once processed.
    advance(1000);
    await poll(sandbox, data.id);
    advance(1000);
    await poll(sandbox, data.id);
    expect((await post(sandbox, JSON.stringify(contributionsBody()))).status).toBe(409);
    advance(1000);
    expect((await poll(sandbox, data.id)).data.attributes.processed).toBe(true);
    const body = contributionsBody([employee()], {
      payReferencePeriod: { start: '2026-11-09', end: '2026-11-15' },
    });
    expect((await post(sandbox, JSON.stringify(body))).status).toBe(202);
  });
});

describe('TPP sandbox opt-outs', () => {
  const { start, get, settle } = useTppSandbox();

  it('answers 204 No Content when there are no opt-outs', async () => {
    const sandbox = await start();
    const res = await get(sandbox, '/api/v2/accounts/855969/opt-outs');
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
  });

  it("lists opt-outs in the guide's document shape, and shows updates", async () => {
    const sandbox = await start();
    sandbox.addOptOut('855969', optOut());
    sandbox.updateOptOut('855969', '65775', { refundStatus: 'Processing', entitledToRefund: 'M' });
    const res = await get(sandbox, '/api/v2/accounts/855969/opt-outs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(JSON_API);
    expect(await res.json()).toEqual({
      data: {
        type: 'accountOptOuts',
        id: '855969',
        attributes: { optOuts: [optOut({ refundStatus: 'Processing', entitledToRefund: 'M' })] },
      },
      links: {
        self: `${sandbox.url}/api/v2/accounts/855969/opt-outs`,
        account: `${sandbox.url}/api/v2/accounts/855969`,
      },
    });
    // Opt-outs belong to one account.
    expect((await get(sandbox, '/api/v2/accounts/859763/opt-outs')).status).toBe(204);
    expect(() => sandbox.updateOptOut('855969', 'nobody', { employeeRefund: 1 })).toThrow(/nobody/);
    expect(() => sandbox.addOptOut('999999', optOut())).toThrow(/999999/);
  });

  it('filters on optOutDate: startDate inclusive, endDate exclusive', async () => {
    const sandbox = await start();
    sandbox.addOptOut('855969', optOut({ uniqueId: 'a', optOutDate: '2026-10-01' }));
    sandbox.addOptOut('855969', optOut({ uniqueId: 'b', optOutDate: '2026-10-15' }));
    sandbox.addOptOut('855969', optOut({ uniqueId: 'c', optOutDate: '2026-10-31' }));
    const ids = async (query: string) => {
      const res = await get(sandbox, `/api/v2/accounts/855969/opt-outs${query}`);
      if (res.status === 204) return [];
      const body = (await res.json()) as { data: { attributes: { optOuts: TppOptOut[] } } };
      return body.data.attributes.optOuts.map((item) => item.uniqueId);
    };
    expect(await ids('')).toEqual(['a', 'b', 'c']);
    expect(await ids('?startDate=2026-10-15')).toEqual(['b', 'c']);
    expect(await ids('?endDate=2026-10-31')).toEqual(['a', 'b']);
    expect(await ids('?startDate=2026-10-02&endDate=2026-10-31')).toEqual(['b']);
    expect(await ids('?startDate=2026-11-01')).toEqual([]);
    expect((await get(sandbox, '/api/v2/accounts/855969/opt-outs?startDate=1/10/2026')).status).toBe(400);
  });

  it('drops an opt-out once a processed submission confirms it with the same optOutDate', async () => {
    const sandbox = await start();
    sandbox.addOptOut('855969', optOut({ uniqueId: '851001', optOutDate: '2026-10-22' }));
    sandbox.addOptOut('855969', optOut({ uniqueId: '65309', optOutDate: '2026-10-25' }));
    const employees = [
      employee({ optOutDate: '2026-10-22', employerContributionAmount: 0, employeeContributionAmount: 0 }),
      // A different date does not confirm.
      employee({ uniqueId: '65309', niNumber: 'MS324441B', optOutDate: '2026-10-24' }),
    ];
    expect((await settle(sandbox, contributionsBody(employees))).stage).toBe('processed');
    const res = await get(sandbox, '/api/v2/accounts/855969/opt-outs');
    const body = (await res.json()) as { data: { attributes: { optOuts: TppOptOut[] } } };
    expect(body.data.attributes.optOuts.map((item) => item.uniqueId)).toEqual(['65309']);
  });

  it('keeps the opt-out when the confirming submission fails', async () => {
    const sandbox = await start();
    sandbox.addOptOut('855969', optOut({ uniqueId: '851001' }));
    const body = contributionsBody([employee({ optOutDate: '2026-10-22', title: 'Mr' })]);
    expect((await settle(sandbox, body)).stage).toBe('failed');
    expect((await get(sandbox, '/api/v2/accounts/855969/opt-outs')).status).toBe(200);
  });
});
