import { SFNClient, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { allQueued } from '#store/account-queue';
import { localClientConfig } from '../../infra/local/aws-json-protocol.ts';
import { statusChangeEvent } from '../../infra/local/step-functions.ts';
import { statusChanges, submissionForNextPeriod, until, useRunningGateway } from '../support/http.ts';

/**
 * Payroll's requests on a submission it sent, over HTTP: withdraw one still queued, send one in error
 * again. Anything else is a 409 naming where the submission stands.
 */
// TPP asks for the first poll a minute after the POST: the first period stays in flight, the next queued.
const gateway = useRunningGateway({ tppSandbox: { pollDelayMs: 60_000 } });

const ACCOUNT = 'TPP#855969';

/** The account's waiting submissions, from the list the queue watchdog reads. */
const queuedIn = async (accountKey: string) =>
  (await allQueued()).filter((queued) => queued.accountKey === accountKey);

async function statusOf(submissionId: string) {
  return (await gateway.call('GET', `/v1/submissions/${submissionId}`)).body;
}

function untilStatus(submissionId: string, status: string) {
  return until(
    () => statusOf(submissionId),
    (body) => body.status === status,
    `submission ${submissionId} to be ${status}`,
  );
}

function statusEvents(submissionId: string) {
  return gateway.runtime.eventBridge
    .events()
    .filter((e) => e.DetailType === 'Submission Status Changed')
    .map((e) => e.Detail as { submissionId: string; status: string; detail?: string })
    .filter((detail) => detail.submissionId === submissionId);
}

function expectConflict(response: { status: number; headers: Headers; body: any }, current: string) {
  expect(response.status).toBe(409);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  expect(response.body.detail).toContain(`is ${current}`);
  expect(response.body.errors).toEqual([
    expect.objectContaining({ code: 'submission-status', field: 'status', providedValue: current }),
  ]);
}

let first: string;
let second: string;

describe('retry and cancel', () => {
  it('cancels a queued submission: cancelled, out of its account queue, announced; refused otherwise', async () => {
    const period = await submissionForNextPeriod(gateway);
    const next = await submissionForNextPeriod(gateway, 1);
    first = (await gateway.call('POST', `/v1/schemes/${gateway.schemeId}/submissions`, period)).body
      .submissionId;
    await untilStatus(first, 'submitted');
    second = (await gateway.call('POST', `/v1/schemes/${gateway.schemeId}/submissions`, next)).body
      .submissionId;
    await untilStatus(second, 'queued');
    // The move is stored with its event, then published: the API may show it a moment before the bus has
    // it, and a cancel in that moment publishes it again (at least once, with the same eventId).
    await until(
      () => statusEvents(second).map((e) => e.status),
      (statuses) => statuses.includes('queued'),
      'the queued event',
    );
    expect((await queuedIn(ACCOUNT)).map((q) => q.submissionId)).toEqual([second]);

    const cancelled = await gateway.call('POST', `/v1/submissions/${second}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ submissionId: second, status: 'cancelled' });
    expect(await queuedIn(ACCOUNT)).toEqual([]);
    const stored = await statusOf(second);
    expect(stored.history.at(-1)).toMatchObject({ status: 'cancelled', detail: 'Cancelled on request' });
    expect(statusEvents(second).map((e) => e.status)).toEqual(['received', 'queued', 'cancelled']);

    expectConflict(await gateway.call('POST', `/v1/submissions/${second}/cancel`), 'cancelled');
    expectConflict(await gateway.call('POST', `/v1/submissions/${second}/retry`), 'cancelled');
    expectConflict(await gateway.call('POST', `/v1/submissions/${first}/cancel`), 'submitted');
    expectConflict(await gateway.call('POST', `/v1/submissions/${first}/retry`), 'submitted');
    expect((await gateway.call('POST', '/v1/submissions/no-such-submission/retry')).status).toBe(404);
  });

  it('sends a submission in error again: received, a new execution, and no second POST to TPP', async () => {
    const execution = gateway.runtime.stepFunctions.executions().find((e) => e.name === first);
    const sfn = new SFNClient(localClientConfig(gateway.runtime.stepFunctions.url));
    await sfn.send(new StopExecutionCommand({ executionArn: execution?.executionArn }));
    sfn.destroy();
    await untilStatus(first, 'error');
    await gateway.runtime.eventBridge.waitForDeliveries();
    const posted = gateway.runtime.tppSandbox?.submissions().length;

    const retried = await gateway.call('POST', `/v1/submissions/${first}/retry`);
    expect(retried.status).toBe(202);
    expect(retried.body).toMatchObject({ submissionId: first, status: 'received', retryCount: 1 });
    expect(retried.headers.get('location')).toBe(`/v1/submissions/${first}`);
    expectConflict(await gateway.call('POST', `/v1/submissions/${first}/retry`), 'received');

    const resent = await untilStatus(first, 'submitted');
    expect(statusChanges<{ status?: string; detail?: string }>(resent).map((h) => h.status)).toEqual([
      'received',
      'submitted',
      'error',
      'received',
      'submitted',
    ]);
    expect(statusChanges<{ status?: string; detail?: string }>(resent).at(-2)?.detail).toBe(
      'Sent again on request (retry 1)',
    );
    expect(
      gateway.runtime.stepFunctions.executions().find((e) => e.name === `${first}.retry.1`)?.status,
    ).toBe('RUNNING');
    // TPP took the first POST, so the retry follows that contributions id instead of posting again.
    expect(gateway.runtime.tppSandbox?.submissions().length).toBe(posted);
    expect(resent.providerReference).toBe(retried.body.providerReference);
    // A late report of the stopped execution, from before the retry, changes nothing.
    const stopped = gateway.runtime.stepFunctions.executions().find((e) => e.name === first);
    if (!stopped) throw new Error('the stopped execution is gone');
    gateway.runtime.eventBridge.putServiceEvent(statusChangeEvent(stopped));
    await gateway.runtime.eventBridge.waitForDeliveries();
    expect((await statusOf(first)).status).toBe('submitted');

    // The step publishes right after its write; wait for it rather than race it.
    const events = await until(
      () => statusEvents(first).map((e) => e.status),
      (statuses) => statuses.length >= 5,
      'the second submitted event',
    );
    expect(events).toEqual(['received', 'submitted', 'error', 'received', 'submitted']);
  });
});
