import { SFNClient, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { slotHolder } from '#store/account-queue';
import { submissionKey } from '#store/submissions';
import { table, tableName } from '#store/table';
import { localClientConfig } from '../../infra/local/aws-json-protocol.ts';
import { submissionForNextPeriod, until, useRunningGateway } from '../support/http.ts';

/**
 * What happens when a step or an execution dies where its own workflow cannot see it: an event the bus
 * refused is delivered by the outbox sweep, once, with the id it was written with; an execution stopped
 * from outside ends its submission in `error` with the reason, and its account slot is freed.
 */
// TPP asks for the first poll a minute after the POST, so the execution is parked in its Wait meanwhile.
const gateway = useRunningGateway({ tppSandbox: { pollDelayMs: 60_000 } });

const OUTBOX_SWEEP = 'PensionGateway-OutboxSweep';
const ACCOUNT = 'TPP#855969';

function statusEvents(submissionId: string) {
  return gateway.runtime.eventBridge
    .events()
    .filter((e) => e.DetailType === 'Submission Status Changed')
    .map((e) => e.Detail as { submissionId: string; status: string; eventId: string })
    .filter((detail) => detail.submissionId === submissionId);
}

/** Set while the submission's outbox holds events not yet counted published (shared/store/outbox.ts). */
async function outboxDue(id: string): Promise<unknown> {
  const { Item } = await table.send(
    new GetCommand({ TableName: tableName(), Key: submissionKey(id), ConsistentRead: true }),
  );
  return Item?.outboxDue;
}

let submissionId: string;

describe('delivery guarantees', () => {
  it('delivers a status event the bus refused through the outbox sweep, with its one eventId', async () => {
    const document = await submissionForNextPeriod(gateway);
    // The submit step writes `submitted` with its event, then PutEvents is refused: as if it died in between.
    gateway.runtime.eventBridge.refuseNext(
      1,
      (e) => e.DetailType === 'Submission Status Changed' && (e.Detail as any).status === 'submitted',
    );
    const accepted = await gateway.call('POST', `/v1/schemes/${gateway.schemeId}/submissions`, document);
    expect(accepted.status).toBe(202);
    submissionId = accepted.body.submissionId;
    await until(
      () => gateway.call('GET', `/v1/submissions/${submissionId}`),
      (r) => r.body.status === 'submitted',
      'the submission to be submitted',
    );
    // The execution now waits a minute to poll: nothing else will publish the submission's outbox.
    expect(statusEvents(submissionId).map((e) => e.status)).toEqual(['received']);

    gateway.runtime.schedules.fire(OUTBOX_SWEEP, JSON.stringify({ olderThanSeconds: 0 }));
    const events = await until(
      () => statusEvents(submissionId),
      (found) => found.some((e) => e.status === 'submitted'),
      'the sweep to deliver the submitted event',
    );
    expect(events.map((e) => e.status)).toEqual(['received', 'submitted']);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(2);

    // Once the sweep has counted it published, the outbox leaves the index and a second sweep sends nothing.
    await until(
      () => outboxDue(submissionId),
      (due) => due === undefined,
      'the outbox to be marked published',
    );
    gateway.runtime.schedules.fire(OUTBOX_SWEEP, JSON.stringify({ olderThanSeconds: 0 }));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(statusEvents(submissionId)).toEqual(events);
  });

  it('records an execution stopped outside its Catch as an error with the reason, and frees the slot', async () => {
    expect((await slotHolder(ACCOUNT))?.holder).toBe(submissionId);
    const execution = gateway.runtime.stepFunctions.executions().find((e) => e.name === submissionId);
    expect(execution?.status).toBe('RUNNING');
    const sfn = new SFNClient(localClientConfig(gateway.runtime.stepFunctions.url));
    await sfn.send(
      new StopExecutionCommand({
        executionArn: execution?.executionArn,
        error: 'Operator.Stop',
        cause: 'stopped by hand',
      }),
    );
    sfn.destroy();

    const ended = await until(
      () => gateway.call('GET', `/v1/submissions/${submissionId}`),
      (r) => r.body.status === 'error',
      'the submission to end in error',
    );
    expect(ended.body.failureReason).toContain('was stopped (Operator.Stop: stopped by hand)');
    expect(ended.body.history.at(-1)).toMatchObject({ status: 'error', detail: ended.body.failureReason });
    await gateway.runtime.eventBridge.waitForDeliveries();
    expect(await slotHolder(ACCOUNT)).toBeUndefined();
    expect(gateway.runtime.eventBridge.deadLetters()).toEqual([]);
    const events = statusEvents(submissionId);
    expect(events.map((e) => e.status)).toEqual(['received', 'submitted', 'error']);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(3);
  });
});
