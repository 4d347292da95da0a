import { describe, expect, it } from 'vitest';
import { exampleSubmission, untilFinished, useRunningGateway } from '../support/http.ts';

const gateway = useRunningGateway({ tppSandbox: { pollDelayMs: 300 } });

const sandbox = () => {
  if (!gateway.runtime.tppSandbox) throw new Error('the runtime did not start the TPP sandbox');
  return gateway.runtime.tppSandbox;
};

describe('TPP direct route over HTTP on the embedded runtime', () => {
  it('links a scheme and shows its details in TPP field names', async () => {
    const { status, body } = await gateway.call('GET', `/v1/schemes/${gateway.schemeId}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      provider: 'TPP',
      route: 'direct',
      accountId: '855969',
      authorisation: { status: 'authorised' },
      details: { accountName: 'Franecki Group Weekly', nextPayReferencePeriod: { start: '2026-11-02' } },
    });
    expect(body.details.workerGroups.length).toBeGreaterThan(0);
  });

  it('follows a good submission to processed, polling no sooner than TPP allows', async () => {
    const accepted = await gateway.call(
      'POST',
      `/v1/schemes/${gateway.schemeId}/submissions`,
      exampleSubmission(),
    );
    expect(accepted.status).toBe(202);
    expect(accepted.body.status).toBe('received');
    expect(accepted.headers.get('location')).toBe(`/v1/submissions/${accepted.body.submissionId}`);

    const done = await untilFinished(gateway.call, accepted.body.submissionId);
    expect(done.status).toBe('processed');
    expect(done.history.map((entry: { status: string }) => entry.status)).toEqual([
      'received',
      'submitted',
      'accepted',
      'processed',
    ]);
    expect(done.providerReference).toEqual(expect.any(String));
    expect(sandbox().earlyPolls(done.providerReference)).toBe(0);
    // received → validating → accepted → processed: three timely polls.
    expect(sandbox().polls(done.providerReference)).toBe(3);

    const delivered = sandbox()
      .submissions()
      .find((s) => s.id === done.providerReference);
    const attributes = (delivered?.body as any)?.data.attributes;
    expect(attributes.accountId).toBe(855969);
    expect(attributes.total).toBe(187.04);
    expect(attributes.employees[0].pensionableEarnings).toBe(1818.06);

    const events = gateway.runtime.eventBridge
      .events()
      .map((e) => ({ type: e.DetailType, detail: e.Detail as any }))
      .filter((e) => e.type === 'Submission Status Changed' && e.detail.submissionId === done.submissionId)
      .map((e) => e.detail.status);
    expect(events).toEqual(['received', 'submitted', 'accepted', 'processed']);
  });

  it('answers a repeated Idempotency-Key with the same submission and delivers it once', async () => {
    const document = exampleSubmission();
    const headers = { 'Idempotency-Key': 'payroll-run-2026-11-08' };
    const first = await gateway.call(
      'POST',
      `/v1/schemes/${gateway.schemeId}/submissions`,
      document,
      headers,
    );
    const again = await gateway.call(
      'POST',
      `/v1/schemes/${gateway.schemeId}/submissions`,
      document,
      headers,
    );
    expect(first.status).toBe(202);
    expect(again.status).toBe(202);
    expect(again.body.submissionId).toBe(first.body.submissionId);
    expect(again.headers.get('idempotent-replayed')).toBe('true');

    const done = await untilFinished(gateway.call, first.body.submissionId);
    expect(done.status).toBe('processed');
    const deliveries = sandbox()
      .submissions()
      .filter((s) => s.id === done.providerReference);
    expect(deliveries).toHaveLength(1);

    const changed = { ...document, total: 1 };
    const reused = await gateway.call(
      'POST',
      `/v1/schemes/${gateway.schemeId}/submissions`,
      changed,
      headers,
    );
    expect(reused.status).toBe(422);
    expect(reused.body.errors[0]).toMatchObject({ code: 'idempotency-key-reused', source: 'gateway' });
  });

  it('reports TPP’s D/B03 against the employee when title and gender disagree', async () => {
    const document = exampleSubmission();
    document.employees[1].gender = 'F'; // Mr
    const accepted = await gateway.call('POST', `/v1/schemes/${gateway.schemeId}/submissions`, document);
    const done = await untilFinished(gateway.call, accepted.body.submissionId);
    expect(done.status).toBe('failed');
    expect(done.errorCount).toBe(1);
    expect(done.errors).toEqual([
      expect.objectContaining({
        code: 'D/B03',
        uniqueId: '65309',
        employeeIndex: 1,
        providedValue: 'F',
        category: 'DetailsRecord',
        source: 'provider',
      }),
    ]);
  });

  it('refuses bad input with 400 naming every problem, and stores nothing', async () => {
    const before = (await gateway.call('GET', `/v1/schemes/${gateway.schemeId}/submissions?limit=100`)).body
      .items.length;
    const deliveriesBefore = sandbox().submissions().length;

    const document = exampleSubmission();
    document.employees[0].dateOfBirth = '1985-02-30';
    document.employees[1].employerContributionAmount = 15.605;
    document.employees[1].workerGroup = 'UF';
    delete document.employees[1].surname;
    const invalid = await gateway.call('POST', `/v1/schemes/${gateway.schemeId}/submissions`, document, {
      'Idempotency-Key': 'bad-1',
    });
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('content-type')).toBe('application/problem+json');
    const problems = invalid.body.errors.map((e: any) => [
      e.field,
      e.employeeIndex,
      e.uniqueId,
      e.providedValue,
    ]);
    expect(problems).toEqual(
      expect.arrayContaining([
        ['employees[0].dateOfBirth', 0, '851001', '1985-02-30'],
        ['employees[1].employerContributionAmount', 1, '65309', '15.605'],
        ['employees[1].workerGroup', 1, '65309', 'UF'],
        ['employees[1].surname', 1, '65309', undefined],
      ]),
    );
    expect(invalid.body.errors).toHaveLength(4);

    const malformed = await gateway.call(
      'POST',
      `/v1/schemes/${gateway.schemeId}/submissions`,
      '{"employees": [',
    );
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].code).toBe('malformed-json');

    // The idempotency key of the refused request was not spent: it now accepts a good document.
    const after = (await gateway.call('GET', `/v1/schemes/${gateway.schemeId}/submissions?limit=100`)).body
      .items.length;
    expect(after).toBe(before);
    expect(sandbox().submissions().length).toBe(deliveriesBefore);
    const retried = await gateway.call(
      'POST',
      `/v1/schemes/${gateway.schemeId}/submissions`,
      exampleSubmission(),
      {
        'Idempotency-Key': 'bad-1',
      },
    );
    expect(retried.status).toBe(202);
  });

  it('validates without storing or sending on a dry run', async () => {
    const before = (await gateway.call('GET', `/v1/schemes/${gateway.schemeId}/submissions?limit=100`)).body
      .items.length;
    const dryRun = await gateway.call(
      'POST',
      `/v1/schemes/${gateway.schemeId}/submissions?dryRun=true`,
      exampleSubmission(),
    );
    expect(dryRun.status).toBe(200);
    expect(dryRun.body).toEqual({ valid: true, employeeCount: 2, total: 187.04 });
    const after = (await gateway.call('GET', `/v1/schemes/${gateway.schemeId}/submissions?limit=100`)).body
      .items.length;
    expect(after).toBe(before);
  });

  it('lists a scheme’s submissions newest first and answers 404 for unknown ids', async () => {
    const { body } = await gateway.call('GET', `/v1/schemes/${gateway.schemeId}/submissions`);
    const created = body.items.map((s: { createdAt: string }) => s.createdAt);
    expect(created.length).toBeGreaterThan(1);
    expect([...created].sort().reverse()).toEqual(created);
    expect((await gateway.call('GET', '/v1/submissions/no-such-id')).status).toBe(404);
    expect(
      (await gateway.call('POST', '/v1/schemes/no-such-scheme/submissions', exampleSubmission())).status,
    ).toBe(404);
  });
});
