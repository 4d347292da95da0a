import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterEach, describe, expect, it } from 'vitest';
import { localClientConfig } from '../../../infra/local/aws-json-protocol.ts';
import {
  catalogProblem,
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

describe('local EventBridge and the event catalog', () => {
  const at = '2026-11-08T09:30:12.345Z';
  const gatewayEvent = (DetailType: string, detail: object) => ({
    EventBusName: 'gateway-bus',
    Source: 'pension-gateway',
    DetailType,
    Detail: JSON.stringify(detail),
  });

  it('takes a gateway event its catalog schema accepts, and refuses the whole call for one it does not', async () => {
    const server = await startEventBridge();
    const client = new EventBridgeClient(localClientConfig(server.url));
    cleanups.push(async () => {
      client.destroy();
      await server.close();
    });
    const valid = gatewayEvent('Connection Reauthorisation Needed', {
      version: '1',
      eventId: 'ev-1',
      connectionId: 'c-1',
      at,
    });
    const answer = await client.send(new PutEventsCommand({ Entries: [valid] }));
    expect(answer.FailedEntryCount).toBe(0);

    const missingScheme = gatewayEvent('Submission Status Changed', {
      version: '1',
      eventId: 'ev-2',
      submissionId: 's-1',
      status: 'queued',
      at,
    });
    await expect(client.send(new PutEventsCommand({ Entries: [valid, missingScheme] }))).rejects.toThrow(
      /^Submission Status Changed event does not match its catalog schema:[\s\S]*schemeId/,
    );
    expect(server.events()).toHaveLength(1);
  });

  it('names an unknown field, a time that is not an ISO instant, and a detail-type outside the catalog', () => {
    const problem = (DetailType: string, Detail: object) =>
      catalogProblem({ Source: 'pension-gateway', DetailType, Detail });
    const base = { version: '1', eventId: 'ev-1', connectionId: 'c-1' };
    expect(problem('Connection Status Changed', { ...base, status: 'active', at, scope: 'x' })).toMatch(
      /Connection Status Changed[\s\S]*Unrecognized key: "scope"/,
    );
    expect(problem('Connection Reauthorisation Needed', { ...base, at: '08/11/2026 09:30' })).toMatch(
      /Connection Reauthorisation Needed[\s\S]*at/,
    );
    expect(problem('Something Else', base)).toMatch(/Something Else is not an event of the catalog/);
    // Other sources (AWS services, tests' own) are not the gateway's to check.
    expect(catalogProblem({ Source: 'aws.states', DetailType: 'Anything', Detail: {} })).toBeUndefined();
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
