import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterEach, describe, expect, it } from 'vitest';
import { localClientConfig } from '../../../infra/local/aws-json-protocol.ts';
import { type RecordedEvent, startEventBridge } from '../../../infra/local/eventbridge.ts';

describe('local EventBridge', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

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
