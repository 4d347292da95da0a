import { describe, expect, it } from 'vitest';
import { parseSubmission } from '#domain/parse-submission';
import { renderPapdisCsv } from '#formats/papdis-csv';
import { DEFAULT_DESTINATIONS } from '../../sandboxes/pensionsync/destinations.ts';
import {
  decideInBrowser,
  monthlyExampleSubmission,
  type RunningGateway,
  until,
  untilFinished,
  useRunningGateway,
} from '../support/http.ts';

/**
 * The PensionSync route over HTTP on the embedded runtime, against the PensionSync sandbox: an intermediary,
 * a scheme link authorised in the sandbox's browser page, and documents followed to their job's end.
 * Waits are shortened by state name; the workflow tier checks their real lengths.
 */
// As PensionSync may: one destination without an operation (here L&G takes no PAPDIS files).
const destinations = DEFAULT_DESTINATIONS.map((d) =>
  d.destinationId === 'LGS' ? { ...d, activeMethods: d.activeMethods.filter((m) => m !== 'Submission') } : d,
);

const gateway = useRunningGateway({
  pensionSyncSandbox: { jobStepMs: 30, destinations },
  stepFunctionsOverrides: {
    waitTimeOverrides: { WaitBeforeAuthorisationCheck: 50, WaitBeforeJobPoll: 50 },
  },
});

const DESTINATIONS = ['AVC', 'LGS', 'NOW', 'NST', 'SMP', 'TPP'] as const;

async function createIntermediary(reference: string) {
  const { status, body } = await gateway.call('POST', '/v1/intermediaries', {
    name: 'Franecki Payroll Bureau',
    reference,
  });
  expect(status).toBe(201);
  return body.intermediaryId as string;
}

/** Links a scheme at a destination and has the customer authorise it; answers the authorised scheme. */
let linkCount = 0;
async function linkAuthorisedScheme(gw: RunningGateway, destination: string, format?: 'pass' | 'papdis') {
  linkCount += 1;
  const intermediaryId = await createIntermediary(`BUR-${linkCount}`);
  const employerReference = `EMP-${destination}-${linkCount}`;
  const linked = await gw.call('POST', '/v1/schemes', {
    provider: destination,
    route: 'pensionsync',
    employerReference,
    intermediaryId,
    ...(format ? { format } : {}),
  });
  expect(linked.status).toBe(201);
  expect(linked.body.authorisation.status).toBe('pending');
  await decideInBrowser(linked.body.authorisation.url, 'approve');
  const scheme = await until(
    async () => (await gw.call('GET', `/v1/schemes/${linked.body.schemeId}`)).body,
    (s) => s.authorisation.status === 'authorised' && s.details !== undefined,
    `${destination} authorisation`,
  );
  return { ...scheme, intermediaryId, employerReference };
}

/** The example submission as payroll's own PAPDIS file for the employer. */
function examplePapdisFile(providerId: string, employerId: string) {
  const parsed = parseSubmission(monthlyExampleSubmission());
  if (!parsed.ok) throw new Error('the example submission no longer parses');
  return renderPapdisCsv(parsed.submission, { providerId, employerId });
}

function schemeEvents(schemeId: string, detailType: string) {
  return gateway.runtime.eventBridge
    .events()
    .filter((e) => e.DetailType === detailType && (e.Detail as { schemeId?: string }).schemeId === schemeId);
}

describe('PensionSync route', () => {
  it.each(DESTINATIONS)(
    '%s: link → authorise → PASS → processed, delivered exactly once',
    async (destination) => {
      const scheme = await linkAuthorisedScheme(gateway, destination);
      expect(scheme.details.workerGroups.length).toBeGreaterThan(0);
      expect(
        schemeEvents(scheme.schemeId, 'Scheme Authorisation Changed').map((e) => e.Detail),
      ).toMatchObject([{ from: 'pending', to: 'authorised', provider: destination, route: 'pensionsync' }]);

      const accepted = await gateway.call(
        'POST',
        `/v1/schemes/${scheme.schemeId}/submissions`,
        monthlyExampleSubmission(),
      );
      expect(accepted.status).toBe(202);
      const submission = await untilFinished(gateway.call, accepted.body.submissionId);
      expect(submission.status).toBe('processed');

      const deliveries = gateway.runtime.pensionSyncSandbox
        ?.deliveries()
        .filter((d) => d.documentId === `PG-${submission.submissionId}`);
      expect(deliveries).toMatchObject([
        { destinationId: destination, kind: 'pass', employerId: scheme.employerReference },
      ]);
    },
  );

  it('forwards payroll’s own PAPDIS file, parsed and checked first', async () => {
    const scheme = await linkAuthorisedScheme(gateway, 'NST', 'papdis');
    const csv = examplePapdisFile('NST', scheme.employerReference);
    const accepted = await gateway.call('POST', `/v1/schemes/${scheme.schemeId}/submissions`, csv, {
      'content-type': 'text/csv',
    });
    expect(accepted.body.errors ?? []).toEqual([]);
    expect(accepted.body).toMatchObject({ status: 'received' });
    const submission = await untilFinished(gateway.call, accepted.body.submissionId);
    expect(submission.status).toBe('processed');
    const job = gateway.runtime.pensionSyncSandbox
      ?.jobs()
      .find((j) => j.documentId === `PG-${submission.submissionId}`);
    expect(job).toMatchObject({ kind: 'papdis', destinationId: 'NST', status: 'Delivered' });
  });

  it('refuses a PAPDIS file for another employer, naming the field, and sends nothing', async () => {
    const scheme = await linkAuthorisedScheme(gateway, 'SMP', 'papdis');
    const jobsBefore = gateway.runtime.pensionSyncSandbox?.jobs().length;
    const csv = examplePapdisFile('SMP', 'SOMEONE-ELSE');
    const refused = await gateway.call('POST', `/v1/schemes/${scheme.schemeId}/submissions`, csv, {
      'content-type': 'text/csv',
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toMatchObject([
      { code: 'employer-mismatch', field: 'EmployerId', providedValue: 'SOMEONE-ELSE' },
    ]);
    expect(gateway.runtime.pensionSyncSandbox?.jobs().length).toBe(jobsBefore);
  });

  it('a file PensionSync fails comes back failed, with its errors normalized', async () => {
    const scheme = await linkAuthorisedScheme(gateway, 'NOW');
    const document = monthlyExampleSubmission();
    // The gateway refuses a NINO HMRC never issues, but lets an absent one through; PensionSync wants one.
    delete document.employees[1].niNumber;
    const accepted = await gateway.call('POST', `/v1/schemes/${scheme.schemeId}/submissions`, document);
    expect(accepted.status).toBe(202);
    const submission = await untilFinished(gateway.call, accepted.body.submissionId);
    expect(submission.status).toBe('failed');
    expect(submission.errors).toContainEqual(
      expect.objectContaining({
        source: 'provider',
        code: 'INVALID_NINO',
        uniqueId: document.employees[1].uniqueId,
        employeeIndex: 1,
      }),
    );
    expect(
      gateway.runtime.pensionSyncSandbox
        ?.deliveries()
        .some((d) => d.documentId === `PG-${submission.submissionId}`),
    ).toBe(false);
  });

  it('a dry run is validated by PensionSync and never delivered', async () => {
    const scheme = await linkAuthorisedScheme(gateway, 'LGS');
    const accepted = await gateway.call(
      'POST',
      `/v1/schemes/${scheme.schemeId}/submissions?dryRun=true`,
      monthlyExampleSubmission(),
    );
    expect(accepted.status).toBe(202);
    const submission = await untilFinished(gateway.call, accepted.body.submissionId);
    expect(submission.status).toBe('validated');
    const job = gateway.runtime.pensionSyncSandbox
      ?.jobs()
      .find((j) => j.documentId === `PG-${submission.submissionId}`);
    expect(job).toMatchObject({ doNotDeliver: true, status: 'Validated' });
    expect(
      gateway.runtime.pensionSyncSandbox
        ?.deliveries()
        .some((d) => d.documentId === `PG-${submission.submissionId}`),
    ).toBe(false);
  });

  it('refuses to submit before the customer has authorised the link', async () => {
    const intermediaryId = await createIntermediary('BUR-PENDING');
    const linked = await gateway.call('POST', '/v1/schemes', {
      provider: 'AVC',
      route: 'pensionsync',
      employerReference: 'EMP-PENDING',
      intermediaryId,
    });
    const refused = await gateway.call(
      'POST',
      `/v1/schemes/${linked.body.schemeId}/submissions`,
      monthlyExampleSubmission(),
    );
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toMatchObject([{ code: 'scheme-not-authorised', providedValue: 'pending' }]);
  });

  it('creates an intermediary once per reference, and opens single-use dashboard links', async () => {
    const first = await gateway.call('POST', '/v1/intermediaries', {
      name: 'Acme Payroll',
      reference: 'ACME-1',
    });
    const again = await gateway.call('POST', '/v1/intermediaries', {
      name: 'Acme Payroll',
      reference: 'ACME-1',
    });
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.intermediaryId).toBe(first.body.intermediaryId);
    const clash = await gateway.call('POST', '/v1/intermediaries', {
      name: 'Other Ltd',
      reference: 'ACME-1',
    });
    expect(clash.status).toBe(409);

    const link = await gateway.call('POST', `/v1/intermediaries/${first.body.intermediaryId}/dashboard-link`);
    expect(link.status).toBe(201);
    expect((await fetch(link.body.url)).status).toBe(200);
    expect((await fetch(link.body.url)).status).toBe(410);
    expect((await gateway.call('POST', '/v1/intermediaries/nope/dashboard-link')).status).toBe(404);
  });

  it('brings worker instructions back as opt-outs and cessations, each announced once', async () => {
    const scheme = await linkAuthorisedScheme(gateway, 'NST');
    const sandbox = gateway.runtime.pensionSyncSandbox;
    if (!sandbox) throw new Error('the PensionSync sandbox is not running');
    const optOutId = sandbox.addWorkerInstruction(scheme.intermediaryId, 'NST', scheme.employerReference, {
      instructionType: 'OptOut',
      employeeId: '851001',
      nationalInsuranceNumber: 'HM302274C',
      forename: 'Abigail',
      surname: 'Williamson',
      effectiveDate: '2026-11-10',
      receivedDate: '2026-11-12',
      refundDue: true,
      refundStatus: 'Pending',
      employeeRefundAmount: 90.9,
      employerRefundAmount: 54.54,
    });
    sandbox.addWorkerInstruction(scheme.intermediaryId, 'NST', scheme.employerReference, {
      instructionType: 'Cessation',
      employeeId: '65309',
      effectiveDate: '2026-11-15',
      receivedDate: '2026-11-16',
      refundDue: false,
      refundStatus: 'NotDue',
    });
    const sync = () => gateway.call('POST', `/v1/schemes/${scheme.schemeId}/opt-outs/sync`);

    expect((await sync()).body).toMatchObject({ received: 1, updated: 0, cessationsReceived: 1 });
    expect((await sync()).body).toMatchObject({ received: 0, updated: 0, cessationsReceived: 0 });
    sandbox.updateWorkerInstruction(optOutId, { refundStatus: 'Paid' });
    expect((await sync()).body).toMatchObject({ received: 0, updated: 1, cessationsReceived: 0 });

    const listed = await gateway.call('GET', `/v1/schemes/${scheme.schemeId}/opt-outs`);
    expect(listed.body.items).toMatchObject([
      {
        uniqueId: '851001',
        optOutDate: '2026-11-10',
        channel: 'PensionSync',
        refundStatus: 'Paid',
        entitledToRefund: 'Y',
        employeeRefund: 90.9,
        employerRefund: 54.54,
      },
    ]);
    expect(listed.body.cessations).toMatchObject([{ uniqueId: '65309', cessationDate: '2026-11-15' }]);
    expect(schemeEvents(scheme.schemeId, 'Opt-out Received')).toHaveLength(1);
    expect(schemeEvents(scheme.schemeId, 'Cessation Received')).toHaveLength(1);
    expect(schemeEvents(scheme.schemeId, 'Opt-out Updated').map((e) => e.Detail)).toMatchObject([
      { changedFields: ['refundStatus'] },
    ]);
  });

  it('shows SASS as scheme details in TPP’s field names, and a change as Scheme Changed', async () => {
    const scheme = await linkAuthorisedScheme(gateway, 'SMP');
    expect(scheme.details).toMatchObject({
      taxBasis: 'Relief at source',
      payrollFrequency: 'Monthly',
      nextPayReferencePeriod: { start: expect.any(String), end: expect.any(String) },
      workerGroups: expect.arrayContaining([
        expect.objectContaining({ id: 'UF', employerContributionPercent: 3, employeeContributionPercent: 5 }),
      ]),
    });
    gateway.runtime.pensionSyncSandbox?.setSchemeData(
      scheme.intermediaryId,
      'SMP',
      scheme.employerReference,
      {
        taxReliefType: 'NPA',
      },
    );
    const refreshed = await gateway.call('POST', `/v1/schemes/${scheme.schemeId}/refresh`);
    expect(refreshed.body.details.taxBasis).toBe('Net');
    expect(schemeEvents(scheme.schemeId, 'Scheme Changed').map((e) => e.Detail)).toMatchObject([
      { changedFields: expect.arrayContaining(['taxBasis']) },
    ]);
  });

  it('keeps a scheme’s history, newest first and paged: authorisation, a details change, a PAPDIS file, its unlinking', async () => {
    const scheme = await linkAuthorisedScheme(gateway, 'NST');
    const history = async (query = '') =>
      gateway.call('GET', `/v1/schemes/${scheme.schemeId}/history${query}`);
    expect((await history()).body).toEqual({
      items: [{ at: expect.any(String), action: 'authorisation-changed', from: 'pending', to: 'authorised' }],
    });

    gateway.runtime.pensionSyncSandbox?.setSchemeData(
      scheme.intermediaryId,
      'NST',
      scheme.employerReference,
      { taxReliefType: 'NPA' },
    );
    expect((await gateway.call('POST', `/v1/schemes/${scheme.schemeId}/refresh`)).status).toBe(200);
    // A PAPDIS file answers CSV, not JSON.
    const papdis = await fetch(`${gateway.runtime.url}/v1/schemes/${scheme.schemeId}/papdis`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(monthlyExampleSubmission()),
    });
    expect(papdis.status).toBe(200);
    const unlinked = await gateway.call('DELETE', `/v1/schemes/${scheme.schemeId}?reason=Employer%20left`);
    expect(unlinked.status).toBe(200);

    // Unlinked, the scheme keeps its history; a page of 3 leads on to the fourth entry.
    const first = await history('?limit=3');
    expect(first.status).toBe(200);
    expect(first.body.items).toEqual([
      { at: expect.any(String), action: 'unlinked', reason: 'Employer left' },
      {
        at: expect.any(String),
        action: 'papdis-file-generated',
        payReferencePeriod: { start: '2026-11-01', end: '2026-11-30' },
        employeeCount: 2,
      },
      {
        at: expect.any(String),
        action: 'details-changed',
        changedFields: expect.arrayContaining(['taxBasis']),
        before: expect.objectContaining({ taxBasis: 'Relief at source' }),
        after: expect.objectContaining({ taxBasis: 'Net' }),
      },
    ]);
    const times = first.body.items.map((entry: { at: string }) => entry.at);
    expect(times).toEqual([...times].sort().reverse());
    const second = await history(`?limit=3&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(second.body).toEqual({
      items: [expect.objectContaining({ action: 'authorisation-changed', to: 'authorised' })],
    });

    // A cursor is the page it came from: given for another scheme, or another list, it is refused.
    const other = await linkAuthorisedScheme(gateway, 'NST');
    const cursor = encodeURIComponent(first.body.nextCursor);
    for (const elsewhere of [
      `/v1/schemes/${other.schemeId}/history?limit=3&cursor=${cursor}`,
      `/v1/schemes/${scheme.schemeId}/submissions?cursor=${cursor}`,
    ]) {
      const refused = await gateway.call('GET', elsewhere);
      expect(refused.status, elsewhere).toBe(400);
      expect(refused.body.errors).toMatchObject([{ code: 'invalid-cursor', field: 'cursor' }]);
    }

    expect((await gateway.call('GET', '/v1/schemes/no-such-scheme/history')).status).toBe(404);
    const badCursor = await history('?cursor=not-ours');
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.errors).toMatchObject([{ code: 'invalid-cursor', field: 'cursor' }]);
  });

  it('refuses what a destination does not offer, naming the missing method, and sends nothing', async () => {
    const listed = await gateway.call('GET', '/v1/pensionsync/destinations');
    expect(
      listed.body.destinations.find((d: { destinationId: string }) => d.destinationId === 'LGS')
        .activeMethods,
    ).not.toContain('Submission');

    const intermediaryId = await createIntermediary('BUR-LGS-PAPDIS');
    const papdisLink = await gateway.call('POST', '/v1/schemes', {
      provider: 'LGS',
      route: 'pensionsync',
      employerReference: 'EMP-LGS-PAPDIS',
      intermediaryId,
      format: 'papdis',
    });
    expect(papdisLink.status).toBe(422);
    expect(papdisLink.body.errors).toMatchObject([
      { code: 'method-not-available', field: 'provider', message: expect.stringContaining('Submission') },
    ]);

    const scheme = await linkAuthorisedScheme(gateway, 'LGS');
    const jobsBefore = gateway.runtime.pensionSyncSandbox?.jobs().length;
    const upload = await gateway.call(
      'POST',
      `/v1/schemes/${scheme.schemeId}/submissions`,
      examplePapdisFile('LGS', scheme.employerReference),
      {
        'content-type': 'text/csv',
      },
    );
    expect(upload.status).toBe(422);
    expect(upload.body.errors).toMatchObject([{ code: 'method-not-available' }]);
    expect(gateway.runtime.pensionSyncSandbox?.jobs().length).toBe(jobsBefore);
  });
});
