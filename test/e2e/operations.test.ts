import { describe, expect, it } from 'vitest';
import { allQueued } from '#store/account-queue';
import { startEmbeddedRuntime } from '../../infra/local/runtime.ts';
import {
  decideInBrowser,
  monthlyExampleSubmission,
  statusChanges,
  submissionForNextPeriod,
  until,
  useRunningGateway,
} from '../support/http.ts';

/**
 * Everyday operations over HTTP on one embedded runtime: listing schemes, connections and intermediaries,
 * a PAPDIS file for upload by hand, marking a submission sent, its errors as CSV, and unlinking a scheme.
 */
// TPP asks for the first poll a minute after the POST: the first period stays in flight, the next queued.
const gateway = useRunningGateway({
  tppSandbox: { pollDelayMs: 60_000 },
  stepFunctionsOverrides: { waitTimeOverrides: { WaitBeforeAuthorisationCheck: 50 } },
});

const ACCOUNT = 'TPP#855969';

/** The account's waiting submissions, from the list the queue watchdog reads. */
const queuedIn = async (accountKey: string) =>
  (await allQueued()).filter((queued) => queued.accountKey === accountKey);

const eventsOf = (type: string) =>
  gateway.runtime.eventBridge
    .events()
    .filter((e) => e.DetailType === type)
    .map((e) => e.Detail as Record<string, any>);

async function raw(method: string, path: string, body?: unknown) {
  const response = await fetch(`${gateway.runtime.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** Every page of a list, following nextCursor. */
async function allPages(path: string, limit: number) {
  const items: any[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 20; pages += 1) {
    const separator = path.includes('?') ? '&' : '?';
    const query = `${separator}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const { status, body } = await gateway.call('GET', `${path}${query}`);
    expect(status).toBe(200);
    expect(body.items.length).toBeLessThanOrEqual(limit);
    items.push(...body.items);
    cursor = body.nextCursor;
    if (!cursor) return items;
  }
  throw new Error(`${path} did not end within 20 pages`);
}

let intermediaryId: string;
let pendingScheme: string;
let authorisedScheme: string;

describe('lists', () => {
  it('GET /v1/schemes filters by route, provider and authorisation and pages with a cursor', async () => {
    const intermediary = await gateway.call('POST', '/v1/intermediaries', {
      name: 'Ops Bureau',
      reference: 'OPS-1',
    });
    intermediaryId = intermediary.body.intermediaryId;
    const link = (provider: string) =>
      gateway.call('POST', '/v1/schemes', {
        provider,
        route: 'pensionsync',
        employerReference: `OPS-${provider}`,
        intermediaryId,
      });
    const nest = await link('NST');
    const smart = await link('SMP');
    pendingScheme = smart.body.schemeId;
    authorisedScheme = nest.body.schemeId;
    await decideInBrowser(nest.body.authorisation.url, 'approve');
    await until(
      async () => (await gateway.call('GET', `/v1/schemes/${authorisedScheme}`)).body,
      (s) => s.authorisation.status === 'authorised' && s.details !== undefined,
      'the Nest scheme authorised',
    );

    const ids = (items: any[]) => items.map((s) => s.schemeId).sort();
    const all = await allPages('/v1/schemes', 1);
    expect(ids(all)).toEqual([gateway.schemeId, authorisedScheme, pendingScheme].sort());
    expect(all[0]).not.toHaveProperty('details');
    expect(all[0].links.self).toBe(`/v1/schemes/${all[0].schemeId}`);
    expect(ids(await allPages('/v1/schemes?route=direct', 2))).toEqual([gateway.schemeId]);
    expect(ids(await allPages('/v1/schemes?route=pensionsync', 5))).toEqual(
      [authorisedScheme, pendingScheme].sort(),
    );
    expect(ids(await allPages('/v1/schemes?provider=SMP', 5))).toEqual([pendingScheme]);
    expect(ids(await allPages('/v1/schemes?authorisation=authorised', 1))).toEqual(
      [gateway.schemeId, authorisedScheme].sort(),
    );
    expect(ids(await allPages('/v1/schemes?route=pensionsync&authorisation=pending', 5))).toEqual([
      pendingScheme,
    ]);

    const badCursor = await gateway.call('GET', '/v1/schemes?cursor=not-ours');
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.errors[0]).toMatchObject({ code: 'invalid-cursor', field: 'cursor' });
    const badSubmissionsCursor = await gateway.call(
      'GET',
      `/v1/schemes/${gateway.schemeId}/submissions?cursor=not-ours`,
    );
    expect(badSubmissionsCursor.status).toBe(400);
    expect(badSubmissionsCursor.body.errors[0]).toMatchObject({ code: 'invalid-cursor', field: 'cursor' });
    const badFilter = await gateway.call('GET', '/v1/schemes?route=fax&limit=0');
    expect(badFilter.status).toBe(400);
    expect(badFilter.body.errors.map((e: any) => e.field).sort()).toEqual(['limit', 'route']);
  });

  it('GET /v1/tpp/connections and GET /v1/intermediaries list what was set up, paged', async () => {
    await gateway.call('POST', '/v1/intermediaries', { name: 'Ops Bureau Two', reference: 'OPS-2' });
    const connections = await allPages('/v1/tpp/connections', 1);
    expect(connections.map((c) => c.connectionId)).toContain('sandbox');
    expect(connections.find((c) => c.connectionId === 'sandbox')).toMatchObject({
      status: 'active',
      links: { accounts: '/v1/tpp/connections/sandbox/accounts' },
    });
    const intermediaries = await allPages('/v1/intermediaries', 1);
    expect(intermediaries.map((i) => i.reference)).toEqual(['OPS-1', 'OPS-2']);
    expect(intermediaries[0]).toMatchObject({ intermediaryId, name: 'Ops Bureau' });
  });
});

describe('PAPDIS file for upload by hand', () => {
  it('answers the checked payroll as a PAPDIS CSV, stores and sends nothing, and announces it', async () => {
    const file = await raw('POST', `/v1/schemes/${authorisedScheme}/papdis`, monthlyExampleSubmission());
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toContain('text/csv');
    expect(file.headers.get('content-disposition')).toBe(
      'attachment; filename="papdis-OPS-NST-2026-11-01.csv"',
    );
    const lines = file.text.split('\r\n').filter(Boolean);
    expect(lines[0]?.startsWith('PAPDISVersion,PensionProviderId,EmployerId')).toBe(true);
    expect(lines).toHaveLength(3);
    expect(lines[1]?.startsWith('PAP11,NST,OPS-NST,')).toBe(true);
    expect((await gateway.call('GET', `/v1/schemes/${authorisedScheme}/submissions`)).body.items).toEqual([]);
    expect(gateway.runtime.pensionSyncSandbox?.jobs().length).toBe(0);
    expect(eventsOf('PAPDIS File Generated')).toEqual([
      expect.objectContaining({
        schemeId: authorisedScheme,
        provider: 'NST',
        payReferencePeriod: { start: '2026-11-01', end: '2026-11-30' },
        employeeCount: 2,
      }),
    ]);

    // The same checks as a submission: schema (400), the scheme's rules (422), and only PensionSync schemes.
    const weekly = {
      ...monthlyExampleSubmission(),
      payReferencePeriod: { start: '2026-11-02', end: '2026-11-08' },
    };
    expect((await gateway.call('POST', `/v1/schemes/${authorisedScheme}/papdis`, weekly)).status).toBe(422);
    expect(
      (await gateway.call('POST', `/v1/schemes/${authorisedScheme}/papdis`, { employees: [] })).status,
    ).toBe(400);
    const pending = await gateway.call(
      'POST',
      `/v1/schemes/${pendingScheme}/papdis`,
      monthlyExampleSubmission(),
    );
    expect(pending.status).toBe(422);
    expect(pending.body.errors.map((e: any) => e.code)).toContain('scheme-not-authorised');
    const direct = await gateway.call(
      'POST',
      `/v1/schemes/${gateway.schemeId}/papdis`,
      monthlyExampleSubmission(),
    );
    expect(direct.status).toBe(422);
    expect(direct.body.errors[0]).toMatchObject({ code: 'route-not-available' });
    expect((await gateway.call('POST', '/v1/schemes/nope/papdis', monthlyExampleSubmission())).status).toBe(
      404,
    );
  });
});

let inFlight: string;

describe('mark-sent and errors.csv', () => {
  it('marks a queued submission sent with its reason: out of the queue, recorded, announced; 409 otherwise', async () => {
    const period = await submissionForNextPeriod(gateway);
    const next = await submissionForNextPeriod(gateway, 1);
    inFlight = (await gateway.call('POST', `/v1/schemes/${gateway.schemeId}/submissions`, period)).body
      .submissionId;
    await until(
      async () => (await gateway.call('GET', `/v1/submissions/${inFlight}`)).body.status,
      (status) => status === 'submitted',
      'the first period submitted',
    );
    const queued = (await gateway.call('POST', `/v1/schemes/${gateway.schemeId}/submissions`, next)).body
      .submissionId;
    await until(
      async () => (await gateway.call('GET', `/v1/submissions/${queued}`)).body.status,
      (status) => status === 'queued',
      'the next period queued',
    );

    const noReason = await gateway.call('POST', `/v1/submissions/${queued}/mark-sent`, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0]).toMatchObject({ field: 'reason' });
    const sending = await gateway.call('POST', `/v1/submissions/${inFlight}/mark-sent`, {
      reason: 'by hand',
    });
    expect(sending.status).toBe(409);
    expect(sending.body.errors[0]).toMatchObject({
      code: 'submission-status',
      providedValue: 'submitted',
      expectedValue: 'error or queued',
    });

    const marked = await gateway.call('POST', `/v1/submissions/${queued}/mark-sent`, {
      reason: 'Uploaded on the TPP portal by the bureau',
    });
    expect(marked.status).toBe(200);
    expect(marked.body).toMatchObject({ submissionId: queued, status: 'marked-sent' });
    expect(await queuedIn(ACCOUNT)).toEqual([]);
    const stored = (await gateway.call('GET', `/v1/submissions/${queued}`)).body;
    expect(statusChanges(stored).at(-1)).toMatchObject({
      status: 'marked-sent',
      detail: 'Marked as sent outside the gateway (was queued): Uploaded on the TPP portal by the bureau',
    });
    await until(
      () =>
        eventsOf('Submission Status Changed')
          .filter((e) => e.submissionId === queued)
          .map((e) => e.status),
      (statuses) => statuses.includes('marked-sent'),
      'the marked-sent event',
    );
    const again = await gateway.call('POST', `/v1/submissions/${queued}/mark-sent`, { reason: 'again' });
    expect(again.status).toBe(409);
    expect(again.body.detail).toContain('is marked-sent');
    expect((await gateway.call('POST', '/v1/submissions/nope/mark-sent', { reason: 'x' })).status).toBe(404);
  });

  it('answers a submission errors as CSV: header only without errors, one row per error, formulas inert', async () => {
    const none = await raw('GET', `/v1/submissions/${inFlight}/errors.csv`);
    expect(none.status).toBe(200);
    expect(none.headers.get('content-type')).toContain('text/csv');
    expect(none.text).toBe(
      'Employee reference,Employee row,Field,Code,Message,Provided value,Expected value,Category,Source\r\n',
    );
    expect((await raw('GET', '/v1/submissions/nope/errors.csv')).status).toBe(404);

    // An uploaded payroll that breaks TPP's title/gender rule ends rejected with the gateway's errors.
    const document = await submissionForNextPeriod(gateway, 2);
    document.employees[1].gender = 'F';
    const created = await gateway.call('POST', `/v1/schemes/${gateway.schemeId}/uploads`, {
      contentType: 'application/json',
    });
    await fetch(created.body.url, {
      method: 'PUT',
      headers: created.body.headers,
      body: JSON.stringify(document),
    });
    const submitted = await gateway.call('POST', `/v1/schemes/${gateway.schemeId}/submissions`, {
      uploadId: created.body.uploadId,
    });
    const rejected = await until(
      async () => (await gateway.call('GET', `/v1/submissions/${submitted.body.submissionId}`)).body,
      (s) => s.status === 'rejected',
      'the upload rejected',
    );
    const csv = await raw('GET', `/v1/submissions/${submitted.body.submissionId}/errors.csv`);
    const rows = csv.text.split('\r\n').filter(Boolean);
    expect(rows).toHaveLength(1 + rejected.errors.length);
    expect(
      rows.some((row) => row.startsWith(`${document.employees[1].uniqueId},2,`) && row.includes('D/B03')),
    ).toBe(true);
  });
});

describe('unlink', () => {
  it('DELETE /v1/schemes/{id}: 410 for new work, out of the list, history readable, announced once', async () => {
    const unlinked = await gateway.call('DELETE', `/v1/schemes/${gateway.schemeId}?reason=Employer%20left`);
    expect(unlinked.status).toBe(200);
    expect(unlinked.body).toMatchObject({ schemeId: gateway.schemeId, unlinkReason: 'Employer left' });
    // Accepted before the unlink and still in flight: it goes on to its end.
    expect(unlinked.body.unfinishedSubmissions).toEqual([inFlight]);

    const refused = await gateway.call(
      'POST',
      `/v1/schemes/${gateway.schemeId}/submissions`,
      monthlyExampleSubmission(),
    );
    expect(refused.status).toBe(410);
    expect(refused.body.errors[0]).toMatchObject({
      code: 'scheme-unlinked',
      providedValue: gateway.schemeId,
    });
    expect(refused.body.detail).toContain(gateway.schemeId);
    expect((await gateway.call('POST', `/v1/schemes/${gateway.schemeId}/opt-outs/sync`)).status).toBe(410);
    expect((await gateway.call('POST', `/v1/schemes/${gateway.schemeId}/refresh`)).status).toBe(410);
    expect(
      (await gateway.call('POST', `/v1/schemes/${gateway.schemeId}/uploads`, { contentType: 'text/csv' }))
        .status,
    ).toBe(410);

    const scheme = await gateway.call('GET', `/v1/schemes/${gateway.schemeId}`);
    expect(scheme.status).toBe(200);
    expect(scheme.body.unlinkedAt).toBe(unlinked.body.unlinkedAt);
    expect(
      (await gateway.call('GET', `/v1/schemes/${gateway.schemeId}/submissions`)).body.items.length,
    ).toBeGreaterThan(0);
    expect((await allPages('/v1/schemes?route=direct', 5)).map((s) => s.schemeId)).toEqual([]);
    expect((await allPages('/v1/schemes?linked=false', 5)).map((s) => s.schemeId)).toEqual([
      gateway.schemeId,
    ]);

    const twice = await gateway.call('DELETE', `/v1/schemes/${gateway.schemeId}`);
    expect(twice.status).toBe(200);
    expect(twice.body.unlinkedAt).toBe(unlinked.body.unlinkedAt);
    expect(eventsOf('Scheme Unlinked')).toEqual([
      expect.objectContaining({
        schemeId: gateway.schemeId,
        provider: 'TPP',
        route: 'direct',
        reason: 'Employer left',
        unfinishedSubmissions: [inFlight],
      }),
    ]);
    expect((await gateway.call('DELETE', '/v1/schemes/nope')).status).toBe(404);
  });
});

describe('the embedded runtime', () => {
  it("refuses a second runtime in the same process, whose AWS clients would reach the first one's engines", async () => {
    await expect(startEmbeddedRuntime()).rejects.toThrow(/already started in this process/);
  });
});
