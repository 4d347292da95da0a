import { randomUUID } from 'node:crypto';
import { env } from '#config';
import { EVENT_SOURCE, EVENT_VERSIONS } from '#domain/event-values';
import type { EventDetail, EventType } from '#domain/events';
import { awsEndpoint, awsJsonRequest, awsSigner } from './aws-requests.ts';

/**
 * Events payroll can subscribe to on the gateway's bus. Each detail's shape is the catalog's by type
 * (`EventDetail`); no schema is parsed here, so sending an event adds no zod to a function (see
 * shared/domain/event-values.ts for how the schemas are still held to). PutEvents is one signed AWS JSON
 * 1.1 request (aws-requests.ts), sent as the EventBridge client sends it: that client would add its
 * bundle and about 4 ms to the cold start of every function that publishes.
 */
const signer = /* @__PURE__ */ awsSigner('events');

/** An event given its version and id, ready to put on the bus (now or from an outbox). */
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
  return { type, detail: { version: EVENT_VERSIONS[type], eventId, ...detail } };
}

/** Puts the events on the bus in order; throws unless the bus took every one. */
export async function putEvents(entries: CatalogEvent[]): Promise<void> {
  for (let start = 0; start < entries.length; start += MAX_ENTRIES) {
    const batch = entries.slice(start, start + MAX_ENTRIES);
    const { FailedEntryCount } = await awsJsonRequest<{ FailedEntryCount?: number }>({
      service: 'EventBridge',
      signer,
      endpoint: awsEndpoint('EVENTBRIDGE', 'events'),
      target: 'AWSEvents.PutEvents',
      // The fields in the order of EventBridge's model, as the SDK client writes them.
      input: {
        Entries: batch.map(({ type, detail }) => ({
          Source: EVENT_SOURCE,
          DetailType: type,
          Detail: JSON.stringify(detail),
          EventBusName: env.eventBusName(),
        })),
      },
    });
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
