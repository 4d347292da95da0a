import { beforeAll, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../infra/local/eventbridge.ts';
import { type GatewayCall, until, useRunningGateway } from '../support/http.ts';
import { tppOptOut } from '../support/opt-outs.ts';

/**
 * The scheduled syncs over HTTP on the embedded runtime, with both sandboxes: schedules fired by hand
 * through the runtime's local route, runs followed through their summary, events read from the bus.
 * Nothing here calls a scheme's own sync route: what payroll sees comes from the schedules alone.
 */
const gateway = useRunningGateway({
  // The authorisation watch of a pending link must not see its approval first: that is the scheme sync's job.
  stepFunctionsOverrides: { waitTimeOverrides: { WaitBeforeAuthorisationCheck: 10 * 60_000 } },
});

const OPT_OUT_SYNC = 'PensionGateway-OptOutSync';
const SCHEME_SYNC = 'PensionGateway-SchemeSync';

interface PensionSyncScheme {
  schemeId: string;
  intermediaryId: string;
  employerReference: string;
  provider: string;
}

const tpp: Record<'855969' | '859763' | '840834', string> = { '855969': '', '859763': '', '840834': '' };
let bureau: PensionSyncScheme;
let payrollCo: PensionSyncScheme;
let pending: PensionSyncScheme;

const sandboxes = () => {
  const { tppSandbox, pensionSyncSandbox } = gateway.runtime;
  if (!tppSandbox || !pensionSyncSandbox) throw new Error('the runtime did not start both sandboxes');
  return { tppSandbox, pensionSyncSandbox };
};

async function linkPensionSync(
  call: GatewayCall,
  intermediaryId: string,
  provider: string,
  employerReference: string,
) {
  const linked = await call('POST', '/v1/schemes', {
    provider,
    route: 'pensionsync',
    employerReference,
    intermediaryId,
  });
  expect(linked.status).toBe(201);
  expect(linked.body.authorisation.status).toBe('pending');
  return { schemeId: linked.body.schemeId as string, intermediaryId, employerReference, provider };
}

/** Links a PensionSync scheme, has the customer approve it, and reads it once so it is authorised. */
async function linkAuthorised(
  call: GatewayCall,
  intermediaryId: string,
  provider: string,
  reference: string,
) {
  const scheme = await linkPensionSync(call, intermediaryId, provider, reference);
  sandboxes().pensionSyncSandbox.approveScope(intermediaryId, reference, provider);
  const refreshed = await call('POST', `/v1/schemes/${scheme.schemeId}/refresh`);
  expect(refreshed.body.authorisation.status).toBe('authorised');
  return scheme;
}

async function linkTpp(accountId: string, employerReference: string) {
  const linked = await gateway.call('POST', '/v1/schemes', {
    provider: 'TPP',
    route: 'direct',
    employerReference,
    connectionId: 'sandbox',
    accountId,
  });
  expect(linked.status).toBe(201);
  return linked.body.schemeId as string;
}

beforeAll(async () => {
  tpp['855969'] = gateway.schemeId;
  tpp['859763'] = await linkTpp('859763', 'hauck');
  tpp['840834'] = await linkTpp('840834', 'reynolds');
  const { body } = await gateway.call('POST', '/v1/intermediaries', {
    name: 'Sync Bureau',
    reference: 'SYNC-1',
  });
  bureau = await linkAuthorised(gateway.call, body.intermediaryId, 'NST', 'EMP-NST-1');
  payrollCo = await linkAuthorised(gateway.call, body.intermediaryId, 'SMP', 'EMP-SMP-1');
  pending = await linkPensionSync(gateway.call, body.intermediaryId, 'AVC', 'EMP-AVC-1');
});

/** Fires the schedule through the local route, and waits until the run and all its executions have ended. */
async function fire(schedule: string) {
  const before = (await gateway.call('GET', '/_local/events')).body.items.length;
  const fired = await gateway.call('POST', `/_local/schedules/${schedule}/fire`);
  expect(fired.status).toBe(202);
  const runId = String(fired.body.executionArn).split(':').pop() as string;
  const run = await until(
    () => gateway.call('GET', `/v1/sync-runs/${runId}`),
    (r) => r.status === 200 && r.body.status === 'completed',
    `run ${runId}`,
  );
  const ofRun = (name: string) => name === runId || name.startsWith(`${runId}-p`);
  await until(
    async () => gateway.runtime.stepFunctions.executions().filter((e) => ofRun(e.name)),
    (executions) => executions.every((e) => e.status === 'SUCCEEDED'),
    `the executions of run ${runId}`,
  );
  const events: RecordedEvent[] = (await gateway.call('GET', '/_local/events')).body.items.slice(before);
  return { run: run.body, events };
}

const named = (events: RecordedEvent[]) =>
  events.map((e) => `${e.DetailType} ${(e.Detail as { schemeId: string }).schemeId}`).sort();

describe('scheduled opt-out sync', () => {
  it('syncs every authorised scheme on both routes and announces exactly what is new', async () => {
    const { tppSandbox, pensionSyncSandbox } = sandboxes();
    tppSandbox.addOptOut('855969', tppOptOut('65309', 'King'));
    // The sandboxes' hooks over the runtime's local routes, as a demo against `npm start` would use them.
    const added = await gateway.call(
      'POST',
      '/_local/tpp/accounts/859763/opt-outs',
      tppOptOut('70001', 'Hauck'),
    );
    expect(added.status).toBe(201);
    const instruction = await gateway.call('POST', '/_local/pensionsync/worker-instructions', {
      intermediaryId: bureau.intermediaryId,
      destinationId: 'NST',
      employerId: bureau.employerReference,
      instructionType: 'OptOut',
      employeeId: '851001',
      effectiveDate: '2026-11-10',
      receivedDate: '2026-11-12',
      refundDue: true,
      refundStatus: 'Pending',
      employeeRefundAmount: 90.9,
      employerRefundAmount: 54.54,
    });
    expect(instruction.status).toBe(201);
    expect(instruction.body.instructionId).toEqual(expect.any(String));
    expect(
      (await gateway.call('POST', '/_local/tpp/accounts/999999/opt-outs', tppOptOut('1', 'X'))).status,
    ).toBe(400);
    pensionSyncSandbox.addWorkerInstruction(bureau.intermediaryId, 'NST', bureau.employerReference, {
      instructionType: 'Cessation',
      employeeId: '65310',
      effectiveDate: '2026-11-15',
      receivedDate: '2026-11-16',
      refundDue: false,
      refundStatus: 'NotDue',
    });

    const { run, events } = await fire(OPT_OUT_SYNC);
    expect(named(events)).toEqual(
      [
        `Opt-out Received ${tpp['855969']}`,
        `Opt-out Received ${tpp['859763']}`,
        `Opt-out Received ${bureau.schemeId}`,
        `Cessation Received ${bureau.schemeId}`,
      ].sort(),
    );
    expect(run).toMatchObject({
      kind: 'opt-outs',
      status: 'completed',
      startedAt: expect.any(String),
      endedAt: expect.any(String),
      failures: [],
      groups: {
        direct: { schemes: 3, succeeded: 3, failed: 0, received: 2, updated: 0 },
        // The pending link is not swept: PensionSync shares nothing before the customer authorises.
        pensionsync: { schemes: 2, succeeded: 2, failed: 0, received: 1, cessationsReceived: 1 },
      },
    });
    const listed = await gateway.call('GET', `/v1/schemes/${tpp['859763']}/opt-outs`);
    expect(listed.body.items).toMatchObject([{ uniqueId: '70001', refundStatus: 'Processing' }]);
  });

  it('announces nothing on a run with nothing new', async () => {
    const { run, events } = await fire(OPT_OUT_SYNC);
    expect(events).toEqual([]);
    expect(run.groups.direct).toMatchObject({ schemes: 3, succeeded: 3, received: 0, updated: 0 });
    expect(run.groups.pensionsync).toMatchObject({
      schemes: 2,
      succeeded: 2,
      received: 0,
      cessationsReceived: 0,
    });
  });

  it('announces a refund status change as one Opt-out Updated', async () => {
    sandboxes().tppSandbox.updateOptOut('855969', '65309', {
      refundStatus: 'Processed',
      entitledToRefund: 'Y',
      employeeRefund: 26,
      employerRefund: 15.6,
    });
    const { run, events } = await fire(OPT_OUT_SYNC);
    expect(events.map((e) => [e.DetailType, e.Detail])).toMatchObject([
      [
        'Opt-out Updated',
        {
          schemeId: tpp['855969'],
          changedFields: ['refundStatus', 'entitledToRefund', 'employeeRefund', 'employerRefund'],
          optOut: { uniqueId: '65309', refundStatus: 'Processed', employeeRefund: 26 },
        },
      ],
    ]);
    expect(run.groups.direct).toMatchObject({ updated: 1, received: 0 });
  });

  it('records a failing scheme in the summary and on the scheme, syncs the others, and retries it next run', async () => {
    const { tppSandbox, pensionSyncSandbox } = sandboxes();
    // The customer withdraws consent at the provider: PensionSync refuses the scheme's worker instructions.
    pensionSyncSandbox.revokeScope(payrollCo.intermediaryId, payrollCo.employerReference, 'SMP');
    tppSandbox.addOptOut('840834', tppOptOut('80001', 'Reynolds'));

    const failing = await fire(OPT_OUT_SYNC);
    expect(named(failing.events)).toEqual([`Opt-out Received ${tpp['840834']}`]);
    expect(failing.run.groups).toMatchObject({
      direct: { schemes: 3, succeeded: 3, failed: 0, received: 1 },
      pensionsync: { schemes: 2, succeeded: 1, failed: 1 },
    });
    expect(failing.run.failures).toEqual([
      {
        schemeId: payrollCo.schemeId,
        route: 'pensionsync',
        error: expect.stringMatching(/^ProviderAuthorisationError: .*403/),
      },
    ]);
    expect(failing.run.failuresNotListed).toBe(0);
    const recorded = await gateway.call('GET', `/v1/schemes/${payrollCo.schemeId}`);
    expect(recorded.body.optOutSyncFailure).toEqual({
      at: expect.any(String),
      runId: failing.run.runId,
      error: failing.run.failures[0].error,
    });

    pensionSyncSandbox.approveScope(payrollCo.intermediaryId, payrollCo.employerReference, 'SMP');
    const retried = await fire(OPT_OUT_SYNC);
    expect(retried.events).toEqual([]);
    expect(retried.run.groups.pensionsync).toMatchObject({ schemes: 2, succeeded: 2, failed: 0 });
    const cleared = await gateway.call('GET', `/v1/schemes/${payrollCo.schemeId}`);
    expect(cleared.body.optOutSyncFailure).toBeUndefined();
  });
});

describe('scheduled scheme sync', () => {
  it('announces changed details and a link authorised since it was made, and nothing else', async () => {
    const { pensionSyncSandbox } = sandboxes();
    pensionSyncSandbox.setSchemeData(bureau.intermediaryId, 'NST', bureau.employerReference, {
      taxReliefType: 'NPA',
    });
    pensionSyncSandbox.approveScope(pending.intermediaryId, pending.employerReference, 'AVC');

    const { run, events } = await fire(SCHEME_SYNC);
    expect(named(events)).toEqual(
      [`Scheme Changed ${bureau.schemeId}`, `Scheme Authorisation Changed ${pending.schemeId}`].sort(),
    );
    expect(events.find((e) => e.DetailType === 'Scheme Changed')?.Detail).toMatchObject({
      changedFields: expect.arrayContaining(['taxBasis']),
      details: { taxBasis: 'Net' },
    });
    expect(events.find((e) => e.DetailType === 'Scheme Authorisation Changed')?.Detail).toMatchObject({
      provider: 'AVC',
      route: 'pensionsync',
      from: 'pending',
      to: 'authorised',
    });
    expect(run).toMatchObject({
      kind: 'scheme-details',
      status: 'completed',
      groups: {
        direct: { schemes: 3, succeeded: 3, failed: 0, detailsChanged: 0, authorisationChanged: 0 },
        // Every link is swept, pending ones too: that is how a late authorisation is found.
        pensionsync: { schemes: 3, succeeded: 3, failed: 0, detailsChanged: 1, authorisationChanged: 1 },
      },
    });
    const approved = await gateway.call('GET', `/v1/schemes/${pending.schemeId}`);
    expect(approved.body.authorisation.status).toBe('authorised');
    expect(approved.body.details).toMatchObject({ workerGroups: expect.any(Array) });
  });

  it('announces nothing when nothing changed', async () => {
    const { run, events } = await fire(SCHEME_SYNC);
    expect(events).toEqual([]);
    expect(run.groups.pensionsync).toMatchObject({ schemes: 3, succeeded: 3, detailsChanged: 0 });
  });

  it('announces a change once when refreshes and the scheduled sync read it at the same time', async () => {
    // No lease: each refresh stores its read only over the details it compared with (one conditional write),
    // so of all those that saw the change, one stores and announces it; the others keep what it stored.
    sandboxes().pensionSyncSandbox.setSchemeData(bureau.intermediaryId, 'NST', bureau.employerReference, {
      taxReliefType: 'RAS',
    });
    const before = (await gateway.call('GET', '/_local/events')).body.items.length;
    const [{ run }, ...refreshes] = await Promise.all([
      fire(SCHEME_SYNC),
      ...[1, 2, 3].map(() => gateway.call('POST', `/v1/schemes/${bureau.schemeId}/refresh`)),
    ]);
    for (const refresh of refreshes) {
      expect(refresh.status).toBe(200);
      expect(refresh.body.details).toMatchObject({ taxBasis: 'Relief at source' });
    }
    expect(run.status).toBe('completed');
    const changes = (await gateway.call('GET', '/_local/events')).body.items
      .slice(before)
      .filter((e: RecordedEvent) => e.DetailType === 'Scheme Changed');
    expect(changes).toHaveLength(1);
    expect(changes[0].Detail).toMatchObject({
      schemeId: bureau.schemeId,
      changedFields: expect.arrayContaining(['taxBasis']),
    });
  });

  it('lists the schedules and refuses to fire one that does not exist', async () => {
    const listed = await gateway.call('GET', '/_local/schedules');
    expect(listed.body.items).toHaveLength(4);
    expect(listed.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: OPT_OUT_SYNC, expression: 'rate(1 hour)', enabled: true }),
        expect.objectContaining({ name: SCHEME_SYNC, expression: 'rate(1 day)', enabled: true }),
        expect.objectContaining({ name: 'PensionGateway-OutboxSweep', expression: 'rate(5 minutes)' }),
        expect.objectContaining({
          name: 'PensionGateway-QueueWatchdog',
          expression: 'rate(5 minutes)',
          enabled: true,
        }),
      ]),
    );
    expect((await gateway.call('POST', '/_local/schedules/Nope/fire')).status).toBe(404);
    expect((await gateway.call('GET', '/v1/sync-runs/no-such-run')).status).toBe(404);
  });
});
