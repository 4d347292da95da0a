import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { z } from 'zod';
import { env } from '#config';
import { EVENT_CATALOG, EVENT_SOURCE, type EventDetail, type EventType } from '#domain/events';

/** Events payroll can subscribe to on the gateway's bus, each checked against its catalog schema. */
const events = new EventBridgeClient({});

export async function publishEvent<T extends EventType>(type: T, detail: EventDetail<T>): Promise<void> {
  const { version, schema } = EVENT_CATALOG[type];
  const checked = schema.safeParse({ version, ...detail });
  // Payroll codes against the catalog, so a detail outside it is a bug here, never something to send.
  if (!checked.success) {
    throw new Error(`${type} event does not match its catalog schema:\n${z.prettifyError(checked.error)}`);
  }
  const { FailedEntryCount } = await events.send(
    new PutEventsCommand({
      Entries: [
        {
          EventBusName: env.eventBusName(),
          Source: EVENT_SOURCE,
          DetailType: type,
          Detail: JSON.stringify(checked.data),
        },
      ],
    }),
  );
  if (FailedEntryCount) throw new Error(`EventBridge refused a ${type} event`);
}
