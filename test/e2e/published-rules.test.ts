import { describe, expect, it } from 'vitest';
import { defaultAccounts, type TppAccount } from '../../sandboxes/tpp/accounts.ts';
import {
  decideInBrowser,
  exampleSubmission,
  monthlyExampleSubmission,
  sandboxVerdict,
  submissionForNextPeriod,
  until,
  untilFinished,
  useRunningGateway,
} from '../support/http.ts';

/**
 * Issue 10 over HTTP on the embedded runtime: documents in the shapes TPP publishes, the rules TPP and HMRC
 * publish, media types, PensionSync periods and a backlog posted at once. Every fact comes from
 * /work/shared/reference/wire-evidence.md (sections named per test); "nothing stored or sent" is read from
 * the gateway's list and the sandboxes' own records.
 */

// An account TPP could not have sent: a worker group's effective start is a number, not an ISO date.
const unreadableAccount = {
  ...structuredClone(defaultAccounts[0] as TppAccount),
  id: '870002',
  accountName: 'Unreadable Ltd',
  workerGroups: [{ id: 'S', effective: { start: 20140401 } }],
} as unknown as TppAccount;

const gateway = useRunningGateway({
  tppSandbox: { pollDelayMs: 300, accounts: [...defaultAccounts, unreadableAccount] },
  pensionSyncSandbox: { jobStepMs: 30 },
  stepFunctionsOverrides: {
    waitTimeOverrides: { WaitBeforeAuthorisationCheck: 50, WaitBeforeJobPoll: 50 },
  },
});

const tpp = () => gateway.runtime.tppSandbox as NonNullable<typeof gateway.runtime.tppSandbox>;
const pensionSync = () =>
  gateway.runtime.pensionSyncSandbox as NonNullable<typeof gateway.runtime.pensionSyncSandbox>;
const submit = (schemeId: string, document: unknown, headers: Record<string, string> = {}, query = '') =>
  gateway.call('POST', `/v1/schemes/${schemeId}/submissions${query}`, document, headers);
const storedCount = async (schemeId: string) =>
  (await gateway.call('GET', `/v1/schemes/${schemeId}/submissions?limit=100`)).body.items.length;

/** Asserts a refusal stored nothing at the gateway and sent nothing to either sandbox. */
async function expectNothingStoredOrSent(schemeId: string, action: () => Promise<void>) {
  const stored = await storedCount(schemeId);
  const [tppSent, jobs] = [tpp().submissions().length, pensionSync().jobs().length];
  await action();
  expect(await storedCount(schemeId)).toBe(stored);
  expect(tpp().submissions().length).toBe(tppSent);
  expect(pensionSync().jobs().length).toBe(jobs);
}

describe('TPP documents in every published shape (wire-evidence §2.1 T6, §4.1)', () => {
  it('links account 870001, whose worker groups come in every published effective shape, shows and uses them', async () => {
    const linked = await gateway.call('POST', '/v1/schemes', {
      provider: 'TPP',
      route: 'direct',
      employerReference: 'okuneva',
      connectionId: 'sandbox',
      accountId: '870001',
    });
    expect(linked.status).toBe(201);
    const scheme = await gateway.call('GET', `/v1/schemes/${linked.body.schemeId}`);
    const groups = scheme.body.details.workerGroups as Array<{ id: string; effective?: unknown }>;
    expect(groups.map((g) => [g.id, g.effective])).toEqual([
      ['S', { start: '2014-04-01' }],
      ['Y2014', { start: '2014-01-01', end: '2014-12-31' }],
      ['UF', { end: '2099-12-31' }],
      ['DIR', null],
      ['ALL', undefined],
    ]);

    // One employee in each group effective for November 2026: no start, effective null, effective absent.
    const document = exampleSubmission();
    document.payReferencePeriod = { start: '2026-11-01', end: '2026-11-30' };
    const [abigail, oliver] = document.employees;
    document.employees = [
      { ...abigail, workerGroupId: 'UF' },
      { ...oliver, workerGroupId: 'DIR' },
      { ...oliver, uniqueId: '65775', niNumber: 'NH146483C', workerGroupId: 'ALL' },
      { ...oliver, uniqueId: '65776', niNumber: 'AB123456C', workerGroupId: 'S' },
    ];
    const accepted = await submit(linked.body.schemeId, document);
    expect(accepted.status).toBe(202);
    const done = await untilFinished(gateway.call, accepted.body.submissionId);
    expect(done.status).toBe('processed');
    const delivered: any = tpp()
      .submissions()
      .find((s) => s.id === done.providerReference)?.body;
    expect(delivered.data.attributes.employees.map((e: any) => e.workerGroupId)).toEqual([
      'UF',
      'DIR',
      'ALL',
      'S',
    ]);

    // A group that ended in 2014 is refused by the gateway, as D/U02, before anything is sent.
    await expectNothingStoredOrSent(linked.body.schemeId, async () => {
      document.payReferencePeriod = { start: '2026-12-01', end: '2026-12-31' };
      document.employees[0].workerGroupId = 'Y2014';
      const refused = await submit(linked.body.schemeId, document);
      expect(refused.status).toBe(422);
      expect(refused.body.errors).toMatchObject([
        { code: 'D/U02', field: 'employees[0].workerGroupId', providedValue: 'Y2014' },
      ]);
    });
  });

  it('answers an account document it cannot read with a 502 naming the field, never a 500', async () => {
    const linked = await gateway.call('POST', '/v1/schemes', {
      provider: 'TPP',
      route: 'direct',
      employerReference: 'unreadable',
      connectionId: 'sandbox',
      accountId: '870002',
    });
    expect(linked.status).toBe(502);
    expect(linked.headers.get('content-type')).toBe('application/problem+json');
    expect(linked.body.errors).toEqual([
      expect.objectContaining({
        code: 'provider-document-unreadable',
        field: 'data.attributes.workerGroups.0.effective.start',
        source: 'provider',
      }),
    ]);
  });
});

describe('bad input on TPP direct is refused naming the code or field, and nothing is stored or sent', () => {
  it('two employees with the same uniqueId: D/I03 (TPP-hub /fields/unique-id/)', async () => {
    await expectNothingStoredOrSent(gateway.schemeId, async () => {
      const document = await submissionForNextPeriod(gateway);
      document.employees[1].uniqueId = document.employees[0].uniqueId;
      const refused = await submit(gateway.schemeId, document);
      expect(refused.status).toBe(422);
      expect(refused.body.errors).toEqual([
        expect.objectContaining({ code: 'D/I03', field: 'employees[0].uniqueId', employeeIndex: 0 }),
        expect.objectContaining({ code: 'D/I03', field: 'employees[1].uniqueId', employeeIndex: 1 }),
      ]);
    });
  });

  it('names, date of birth and uniqueId against the published rules: the TPP sandbox reaches the same verdict', async () => {
    const document = await submissionForNextPeriod(gateway);
    const [abigail, oliver] = document.employees;
    Object.assign(abigail, { middleName: 'R0se', surname: 'K' });
    Object.assign(oliver, { uniqueId: abigail.uniqueId, dateOfBirth: '2010-11-09' });
    let gatewayCodes = new Set<string>();
    await expectNothingStoredOrSent(gateway.schemeId, async () => {
      const refused = await submit(gateway.schemeId, document);
      expect(refused.status).toBe(422);
      gatewayCodes = new Set(refused.body.errors.map((e: { code: string }) => e.code));
    });
    expect(gatewayCodes).toEqual(new Set(['D/E01', 'D/F03', 'D/G06', 'D/I03']));
    // Sent straight to the sandbox, which shares no code with the gateway: the same codes.
    expect(await sandboxVerdict(tpp(), document)).toEqual(gatewayCodes);
  });

  it('a NINO HMRC never issues (prefix QQ, HMRC NIM39110), naming the employee', async () => {
    await expectNothingStoredOrSent(gateway.schemeId, async () => {
      const document = await submissionForNextPeriod(gateway);
      document.employees[1].niNumber = 'QQ123456C';
      const refused = await submit(gateway.schemeId, document);
      expect(refused.status).toBe(422);
      expect(refused.body.errors).toEqual([
        expect.objectContaining({
          code: 'ni-number-prefix-letter',
          field: 'employees[1].niNumber',
          uniqueId: '65309',
          providedValue: 'QQ123456C',
        }),
      ]);
    });
  });

  it('a body sent as text/plain: 415 naming application/json and text/csv', async () => {
    await expectNothingStoredOrSent(gateway.schemeId, async () => {
      const body = JSON.stringify(await submissionForNextPeriod(gateway));
      const refused = await submit(gateway.schemeId, body, { 'content-type': 'text/plain' });
      expect(refused.status).toBe(415);
      expect(refused.headers.get('content-type')).toBe('application/problem+json');
      expect(refused.body.errors).toEqual([
        expect.objectContaining({
          code: 'unsupported-media-type',
          field: 'Content-Type',
          providedValue: 'text/plain',
          expectedValue: 'application/json, text/csv',
        }),
      ]);
    });
    // Other JSON routes name JSON alone.
    const scheme = await gateway.call('POST', '/v1/schemes', 'provider=TPP', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(scheme.status).toBe(415);
    expect(scheme.body.errors[0].expectedValue).toBe('application/json');
  });
});

describe('a backlog posted at once (TPP direct)', () => {
  it('accepts three consecutive periods posted together in any order and sends them in period order', async () => {
    const documents = await Promise.all([2, 0, 1].map((ahead) => submissionForNextPeriod(gateway, ahead)));
    const accepted = await Promise.all(documents.map((document) => submit(gateway.schemeId, document)));
    expect(accepted.map((a) => a.status)).toEqual([202, 202, 202]);
    const done = await Promise.all(
      accepted.map((a) => untilFinished(gateway.call, a.body.submissionId, 60_000)),
    );
    expect(done.map((d) => d.status)).toEqual(['processed', 'processed', 'processed']);
    const sent = tpp()
      .submissions()
      .slice(-3)
      .map((s) => (s.body as any).data.attributes.payReferencePeriod.start);
    expect(sent).toEqual(documents.map((d) => d.payReferencePeriod.start).sort());
  });
});

describe('periods through PensionSync (a monthly Nest scheme; wire-evidence P13, guide Step 6)', () => {
  let schemeId: string;

  it('links and authorises a Nest scheme whose SASS says monthly', async () => {
    const intermediary = await gateway.call('POST', '/v1/intermediaries', {
      name: 'Okuneva Payroll Bureau',
      reference: 'issue-10',
    });
    const linked = await gateway.call('POST', '/v1/schemes', {
      provider: 'NST',
      route: 'pensionsync',
      employerReference: 'EMP-NST-10',
      intermediaryId: intermediary.body.intermediaryId,
    });
    await decideInBrowser(linked.body.authorisation.url, 'approve');
    const scheme = await until(
      async () => (await gateway.call('GET', `/v1/schemes/${linked.body.schemeId}`)).body,
      (s) => s.authorisation.status === 'authorised' && s.details !== undefined,
      'the Nest scheme authorised with details',
    );
    expect(scheme.details.payrollFrequency).toBe('Monthly');
    schemeId = scheme.schemeId;
  });

  it('refuses a weekly period to the monthly scheme, naming expected and provided', async () => {
    await expectNothingStoredOrSent(schemeId, async () => {
      const refused = await submit(schemeId, exampleSubmission());
      expect(refused.status).toBe(422);
      expect(refused.body.errors).toEqual([
        expect.objectContaining({
          code: 'period-frequency-mismatch',
          field: 'payReferencePeriod',
          providedValue: 'Weekly',
          expectedValue: 'Monthly',
        }),
      ]);
    });
  });

  it('delivers the same document posted twice without Idempotency-Key once, as one submission', async () => {
    const document = monthlyExampleSubmission();
    const first = await submit(schemeId, document);
    const again = await submit(schemeId, document);
    expect([first.status, again.status]).toEqual([202, 202]);
    expect(again.body.submissionId).toBe(first.body.submissionId);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const done = await untilFinished(gateway.call, first.body.submissionId);
    expect(done.status).toBe('processed');
    expect(await storedCount(schemeId)).toBe(1);
    const documentId = `PG-${first.body.submissionId}`;
    expect(
      pensionSync()
        .jobs()
        .filter((j) => j.documentId === documentId),
    ).toHaveLength(1);
    expect(
      pensionSync()
        .deliveries()
        .filter((d) => d.documentId === documentId),
    ).toHaveLength(1);
  });

  it('refuses a different document for the delivered period unless it says it replaces it', async () => {
    const [delivered] = (await gateway.call('GET', `/v1/schemes/${schemeId}/submissions`)).body.items;
    const corrected = monthlyExampleSubmission();
    corrected.employees[1].pensionableEarnings = 530;
    await expectNothingStoredOrSent(schemeId, async () => {
      const refused = await submit(schemeId, corrected);
      expect(refused.status).toBe(422);
      expect(refused.body.errors).toEqual([
        expect.objectContaining({
          code: 'period-already-delivered',
          expectedValue: `?replaces=${delivered.submissionId}`,
        }),
      ]);
      expect(refused.body.errors[0].message).toContain(delivered.submissionId);
    });

    const correction = await submit(schemeId, corrected, {}, `?replaces=${delivered.submissionId}`);
    expect(correction.status).toBe(202);
    expect(correction.body.replaces).toBe(delivered.submissionId);
    const done = await untilFinished(gateway.call, correction.body.submissionId);
    expect(done.status).toBe('processed');
    // Sent as a new document: its own documentId, so PensionSync does not take it for the first one.
    const ids = pensionSync()
      .deliveries()
      .map((d) => d.documentId)
      .filter((id) => [delivered.submissionId, correction.body.submissionId].some((s) => id === `PG-${s}`));
    expect(ids).toEqual([`PG-${delivered.submissionId}`, `PG-${correction.body.submissionId}`]);
  });
});
