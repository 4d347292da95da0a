import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterEach, describe, expect, it } from 'vitest';
import { localClientConfig } from '../../../infra/local/aws-json-protocol.ts';
import {
  type DeliveredEvent,
  matchesPattern,
  type RecordedEvent,
  startEventBridge,
} from '../../../infra/local/eventbridge.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe('local EventBridge', () => {
  it('records PutEvents entries and reports malformed ones as failed', async () => {
    const seen: RecordedEvent[] = [];
    const server = await startEventBridge({ onEvent: (event) => seen.push(event) });
    const client = new EventBridgeClient(localClientConfig(server.url));
    cleanups.push(async () => {
      client.destroy();
      await server.close();
    });
    const time = new Date('2025-04-06T10:00:00Z');

    const answer = await client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: 'pensions',
            Source: 'gateway',
            DetailType: 'Submitted',
            Detail: '{"id":"s1"}',
            Time: time,
          },
          { Source: 'gateway', DetailType: 'Broken', Detail: 'not json' },
        ],
      }),
    );

    expect(answer.FailedEntryCount).toBe(1);
    expect(answer.Entries?.[1]?.ErrorCode).toBe('MalformedDetail');
    const events = server.events();
    expect(events).toEqual([
      {
        id: answer.Entries?.[0]?.EventId,
        EventBusName: 'pensions',
        Source: 'gateway',
        DetailType: 'Submitted',
        Detail: { id: 's1' },
        Time: time.toISOString(),
        Resources: [],
      },
    ]);
    expect(seen).toEqual(events);

    server.clear();
    expect(server.events()).toEqual([]);
  });
});

describe('local EventBridge rules', () => {
  const stepFunctionsEnd = {
    source: 'aws.states',
    'detail-type': 'Step Functions Execution Status Change',
    resources: ['arn:aws:states:eu-west-2:000000000000:execution:Flow:s-1'],
    detail: { status: 'ABORTED', stateMachineArn: 'arn:flow', name: 's-1' },
  };

  it('matches value lists, nested detail fields, list fields, prefix and exists as EventBridge does', () => {
    const pattern = {
      source: ['aws.states'],
      'detail-type': ['Step Functions Execution Status Change'],
      detail: { status: ['FAILED', 'TIMED_OUT', 'ABORTED'], stateMachineArn: ['arn:flow'] },
    };
    expect(matchesPattern(pattern, stepFunctionsEnd)).toBe(true);
    const succeeded = { ...stepFunctionsEnd, detail: { ...stepFunctionsEnd.detail, status: 'SUCCEEDED' } };
    expect(matchesPattern(pattern, succeeded)).toBe(false);
    expect(matchesPattern({ detail: { stateMachineArn: ['arn:other'] } }, stepFunctionsEnd)).toBe(false);
    expect(matchesPattern({ detail: { missing: ['x'] } }, stepFunctionsEnd)).toBe(false);
    expect(matchesPattern({ resources: [{ prefix: 'arn:aws:states:' }] }, stepFunctionsEnd)).toBe(true);
    expect(matchesPattern({ detail: { name: [{ exists: true }] } }, stepFunctionsEnd)).toBe(true);
    expect(matchesPattern({ detail: { cause: [{ exists: false }] } }, stepFunctionsEnd)).toBe(true);
    expect(matchesPattern({ detail: ['not-an-object'] }, stepFunctionsEnd)).toBe(false);
  });

  it('delivers a matching event to each target of each matching rule on its bus, in the envelope', async () => {
    const invoked: Array<[string, DeliveredEvent]> = [];
    const rule = (name: string, eventBusName: string, source: string) => ({
      name,
      eventBusName,
      pattern: { source: [source] },
      targetArns: [`arn:fn:${name}`],
      enabled: true,
    });
    const server = await startEventBridge({
      rules: [
        rule('Ends', 'default', 'aws.states'),
        rule('Other', 'default', 'other'),
        rule('Bus', 'gw', 'aws.states'),
      ],
      invokeTarget: async (arn, event) => {
        invoked.push([arn, event]);
      },
    });
    const client = new EventBridgeClient(localClientConfig(server.url));
    cleanups.push(async () => {
      client.destroy();
      await server.close();
    });
    server.putServiceEvent({
      EventBusName: 'default',
      Source: 'aws.states',
      DetailType: 'Step Functions Execution Status Change',
      Detail: stepFunctionsEnd.detail,
      Resources: stepFunctionsEnd.resources,
    });
    await server.waitForDeliveries();
    expect(invoked).toEqual([
      [
        'arn:fn:Ends',
        expect.objectContaining({
          version: '0',
          source: 'aws.states',
          'detail-type': 'Step Functions Execution Status Change',
          detail: stepFunctionsEnd.detail,
          resources: stepFunctionsEnd.resources,
        }),
      ],
    ]);
    expect(server.deadLetters()).toEqual([]);
  });

  it('dead-letters a delivery whose target fails every attempt', async () => {
    const server = await startEventBridge({
      rules: [
        {
          name: 'All',
          eventBusName: 'default',
          pattern: { source: ['x'] },
          targetArns: ['arn:fn'],
          enabled: true,
        },
      ],
      invokeTarget: async () => {
        throw new Error('target down');
      },
    });
    cleanups.push(() => server.close());
    server.putServiceEvent({
      EventBusName: 'default',
      Source: 'x',
      DetailType: 'X',
      Detail: {},
      Resources: [],
    });
    await server.waitForDeliveries();
    expect(server.deadLetters()).toEqual([
      expect.objectContaining({ rule: 'All', targetArn: 'arn:fn', error: 'Error: target down' }),
    ]);
  });

  it('refuses the next entries it is told to, as a partial PutEvents failure, then takes them again', async () => {
    const server = await startEventBridge();
    const client = new EventBridgeClient(localClientConfig(server.url));
    cleanups.push(async () => {
      client.destroy();
      await server.close();
    });
    server.refuseNext(1, (event) => event.DetailType === 'Refused');
    const entry = (DetailType: string) => ({ Source: 'gateway', DetailType, Detail: '{}' });
    const answer = await client.send(new PutEventsCommand({ Entries: [entry('Kept'), entry('Refused')] }));
    expect(answer.FailedEntryCount).toBe(1);
    expect(answer.Entries?.[1]?.ErrorCode).toBe('InternalFailure');
    await client.send(new PutEventsCommand({ Entries: [entry('Refused')] }));
    expect(server.events().map((e) => e.DetailType)).toEqual(['Kept', 'Refused']);
  });
});
