import { randomUUID } from 'node:crypto';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import * as z from 'zod';
import { env } from '#config';
import { EVENT_CATALOG, EVENT_SOURCE, type EventDetail, type EventType } from '#domain/events';

/** Events payroll can subscribe to on the gateway's bus, each checked against its catalog schema. */
const events = new EventBridgeClient({});

/** An event checked against the catalog and given its id, ready to put on the bus (now or from an outbox). */
export interface CatalogEvent {
  type: EventType;
  detail: Record<string, unknown>;
}

/** PutEvents takes at most this many entries per call. */
const MAX_ENTRIES = 10;

export function catalogEvent<T extends EventType>(
  type: T,
  detail: EventDetail<T>,
  eventId: string,
): CatalogEvent {
  const { version, schema } = EVENT_CATALOG[type];
  const checked = schema.safeParse({ version, eventId, ...detail });
  // Payroll codes against the catalog, so a detail outside it is a bug here, never something to send.
  if (!checked.success) {
    throw new Error(`${type} event does not match its catalog schema:\n${z.prettifyError(checked.error)}`);
  }
  return { type, detail: checked.data as Record<string, unknown> };
}

/** Puts the events on the bus in order; throws unless the bus took every one. */
export async function putEvents(entries: CatalogEvent[]): Promise<void> {
  for (let start = 0; start < entries.length; start += MAX_ENTRIES) {
    const batch = entries.slice(start, start + MAX_ENTRIES);
    const { FailedEntryCount } = await events.send(
      new PutEventsCommand({
        Entries: batch.map(({ type, detail }) => ({
          EventBusName: env.eventBusName(),
          Source: EVENT_SOURCE,
          DetailType: type,
          Detail: JSON.stringify(detail),
        })),
      }),
    );
    if (FailedEntryCount) throw new EventsRefusedError(`EventBridge refused ${FailedEntryCount} event(s)`);
  }
}

export class EventsRefusedError extends Error {
  override name = 'EventsRefusedError';
}

/** Publishes one event now, with a fresh id: for events no outbox keeps (see docs/events.md). */
export async function publishEvent<T extends EventType>(
  type: T,
  detail: EventDetail<T>,
  eventId: string = randomUUID(),
): Promise<void> {
  await putEvents([catalogEvent(type, detail, eventId)]);
}
