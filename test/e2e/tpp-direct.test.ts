import { describe, expect, it } from 'vitest';
import {
  exampleSubmission,
  sandboxVerdict,
  submissionForNextPeriod,
  until,
  untilFinished,
  useRunningGateway,
} from '../support/http.ts';
import { describeApiClients } from './api-clients.ts';

const gateway = useRunningGateway({ tppSandbox: { pollDelayMs: 300 } });

const sandbox = () => {
  if (!gateway.runtime.tppSandbox) throw new Error('the runtime did not start the TPP sandbox');
  return gateway.runtime.tppSandbox;
};
const submit = (document: unknown, headers: Record<string, string> = {}, query = '') =>
  gateway.call('POST', `/v1/schemes/${gateway.schemeId}/submissions${query}`, document, headers);
const submissionCount = async () =>
  (await gateway.call('GET', `/v1/schemes/${gateway.schemeId}/submissions?limit=100`)).body.items.length;

describe('TPP direct route over HTTP on the embedded runtime', () => {
  it('links a scheme and shows its details in TPP field names', async () => {
    const { status, body } = await gateway.call('GET', `/v1/schemes/${gateway.schemeId}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      provider: 'TPP',
      route: 'direct',
      accountId: '855969',
      authorisation: { status: 'authorised' },
      details: {
        accountName: 'Franecki Group Weekly',
        prpFrequency: 'Weekly',
        taxBasis: 'Net',
        nextPayReferencePeriod: { start: '2026-11-02', end: '2026-11-08' },
      },
    });
    const groups = body.details.workerGroups.map((g: { id: string }) => g.id);
    expect(groups.filter((id: string) => id === 'UF')).toHaveLength(2);
  });

  it('follows a good submission to processed, polling no sooner than TPP allows', async () => {
    const document = await submissionForNextPeriod(gateway);
    const accountReads = () => sandbox().requests('/api/v2/accounts/855969');
    const accountReadsBefore = accountReads();
    const accepted = await submit(document);
    expect(accepted.status).toBe(202);
    expect(accepted.body.status).toBe('received');
    expect(accepted.headers.get('location')).toBe(`/v1/submissions/${accepted.body.submissionId}`);

    const done = await untilFinished(gateway.call, accepted.body.submissionId);
    expect(done.status).toBe('processed');
    // Status changes; the provider attempts between them are entries of kind `attempt`.
    expect(done.history.flatMap((entry: { status?: string }) => entry.status ?? [])).toEqual([
      'received',
      'submitted',
      'accepted',
      'processed',
    ]);
    expect(sandbox().earlyPolls(done.providerReference)).toBe(0);
    // received → validating → accepted → processed: three timely polls.
    expect(sandbox().polls(done.providerReference)).toBe(3);
    // TPP's account is read once, by the pre-flight: it already expected this period when the slot was taken.
    expect(accountReads() - accountReadsBefore).toBe(1);

    const delivered = sandbox()
      .submissions()
      .find((s) => s.id === done.providerReference);
    const attributes = (delivered?.body as any)?.data.attributes;
    expect(attributes.accountId).toBe(855969);
    expect(attributes.total).toBe(187.04);
    expect(attributes.employees[0].pensionableEarnings).toBe(1818.06);

    // The change is stored with its event, then published: the API may show it a moment before the bus has it.
    const statusEvents = () =>
      gateway.runtime.eventBridge
        .events()
        .map((e) => ({ type: e.DetailType, detail: e.Detail as any }))
        .filter((e) => e.type === 'Submission Status Changed' && e.detail.submissionId === done.submissionId)
        .map((e) => e.detail.status);
    const events = await until(
      statusEvents,
      (statuses) => statuses.includes('processed'),
      'the processed event',
    );
    expect(events).toEqual(['received', 'submitted', 'accepted', 'processed']);

    // TPP moved its next period on; the scheme's details follow, and the change was announced.
    const scheme = await gateway.call('POST', `/v1/schemes/${gateway.schemeId}/refresh`);
    expect(scheme.body.details.nextPayReferencePeriod).toEqual({ start: '2026-11-09', end: '2026-11-15' });
    const changes = gateway.runtime.eventBridge.events().filter((e) => e.DetailType === 'Scheme Changed');
    expect(changes.map((e) => (e.Detail as any).changedFields)).toContainEqual(['nextPayReferencePeriod']);
  });

  it('answers a repeated Idempotency-Key with the same submission and delivers it once', async () => {
    const document = await submissionForNextPeriod(gateway);
    const headers = { 'Idempotency-Key': 'payroll-run-2' };
    const first = await submit(document, headers);
    const again = await submit(document, headers);
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
    // Replayed once processed too: the key is read only when the checks fail (TPP expects a later period
    // now) or the claim is taken, and either way the answer is the first request's.
    const late = await submit(document, headers);
    expect(late.status).toBe(202);
    expect(late.body.submissionId).toBe(first.body.submissionId);
    expect(late.headers.get('idempotent-replayed')).toBe('true');
    expect(
      sandbox()
        .submissions()
        .filter((s) => s.id === done.providerReference),
    ).toHaveLength(1);

    const reused = await submit({ ...document, total: 1 }, headers);
    expect(reused.status).toBe(422);
    expect(reused.body.errors[0]).toMatchObject({ code: 'idempotency-key-reused', source: 'gateway' });
  });

  it('sends two periods posted together one after the other, earlier first', async () => {
    const first = await submit(await submissionForNextPeriod(gateway, 0));
    const second = await submit(await submissionForNextPeriod(gateway, 1));
    expect([first.status, second.status]).toEqual([202, 202]);

    const [earlier, later] = [
      await untilFinished(gateway.call, first.body.submissionId),
      await untilFinished(gateway.call, second.body.submissionId),
    ];
    expect([earlier.status, later.status]).toEqual(['processed', 'processed']);
    const at = (s: any, status: string) => s.history.find((h: any) => h.status === status)?.at;
    expect(later.history.flatMap((h: any) => h.status ?? [])).toEqual([
      'received',
      'queued',
      'submitted',
      'accepted',
      'processed',
    ]);
    expect(at(later, 'submitted') >= at(earlier, 'processed')).toBe(true);
    // Never two requests in flight for the account: the sandbox would have answered 409.
    const periods = sandbox()
      .submissions()
      .slice(-2)
      .map((s) => (s.body as any).data.attributes.payReferencePeriod.start);
    expect(periods).toEqual([earlier.payReferencePeriod.start, later.payReferencePeriod.start]);
  });

  it('refuses a submission that breaks TPP’s rules with 422 listing every violation, and stores nothing', async () => {
    const before = await submissionCount();
    const document = await submissionForNextPeriod(gateway);
    document.employees[1].gender = 'F'; // title Mr
    document.employees[0].workerGroupId = 'uf'; // groups are case-sensitive
    // 31 weeks ahead of TPP's next period: beyond the backlog bound (12 periods).
    document.payReferencePeriod = { start: '2027-06-07', end: '2027-06-13' };
    const refused = await submit(document);
    expect(refused.status).toBe(422);
    const codes = refused.body.errors.map((e: any) => [e.code, e.employeeIndex, e.uniqueId]);
    expect(codes).toEqual(
      expect.arrayContaining([
        ['H/D03', undefined, undefined],
        ['D/U02', 0, '851001'],
        ['D/B03', 1, '65309'],
      ]),
    );
    expect(await submissionCount()).toBe(before);

    // The sandbox, which shares no code with the gateway, reaches the same verdict on the same document.
    const gatewayCodes = new Set(refused.body.errors.map((e: any) => e.code));
    expect(await sandboxVerdict(sandbox(), document)).toEqual(gatewayCodes);
  });

  it('refuses bad input with 400 naming every problem, and stores nothing', async () => {
    const before = await submissionCount();
    const deliveriesBefore = sandbox().submissions().length;

    const document = exampleSubmission();
    document.employees[0].dateOfBirth = '1985-02-30';
    document.employees[1].employerContributionAmount = 15.605;
    document.employees[1].workerGroup = 'UF';
    delete document.employees[1].surname;
    const invalid = await submit(document, { 'Idempotency-Key': 'bad-1' });
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

    const malformed = await submit('{"employees": [');
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].code).toBe('malformed-json');

    expect(await submissionCount()).toBe(before);
    expect(sandbox().submissions().length).toBe(deliveriesBefore);
  });

  it('validates without storing or sending on a dry run', async () => {
    const before = await submissionCount();
    const dryRun = await submit(await submissionForNextPeriod(gateway), {}, '?dryRun=true');
    expect(dryRun.status).toBe(200);
    expect(dryRun.body).toEqual({ valid: true, employeeCount: 2, total: 187.04, adjustments: [] });
    expect(await submissionCount()).toBe(before);
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

describeApiClients(gateway);
