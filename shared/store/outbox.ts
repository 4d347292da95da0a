import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type CatalogEvent, putEvents } from './events.ts';
import { isConditionFailure, table, tableName } from './table.ts';

/**
 * A transactional outbox on a single item: the events announcing a state change are written in the same
 * update as the change (`outbox`, appended in order), then put on the bus and counted as published
 * (`outboxPublished`). An item with unpublished events carries `outboxDue`, which puts it in the sparse
 * OUTBOX_INDEX; the scheduled sweeper publishes what a step that died left there. Delivery is at least
 * once: an event put on the bus but not yet counted is put again, with the same eventId.
 */
export const OUTBOX_INDEX = 'byOutbox';
const DUE = 'due';

export interface ItemKey {
  pk: string;
  sk: string;
}

/** An item's outbox: its events, and how many of them are counted published. */
export interface OutboxItem {
  outbox?: CatalogEvent[];
  outboxPublished?: number;
}

/**
 * The SET clauses (and their values) that add an event to an item's outbox in the caller's update. They set
 * `outboxPublished` to itself (0 at first) too, so an update answering its new values (`UPDATED_NEW`) says
 * what is left to publish without the item being read back.
 */
export function outboxAddition(event: CatalogEvent, at: string) {
  return {
    assignments:
      ', outbox = list_append(if_not_exists(outbox, :outboxNone), :outboxEvent), outboxPublished = if_not_exists(outboxPublished, :outboxNonePublished), outboxDue = :outboxDue, outboxDueAt = if_not_exists(outboxDueAt, :outboxAt)',
    values: {
      ':outboxNone': [],
      ':outboxEvent': [event],
      ':outboxNonePublished': 0,
      ':outboxDue': DUE,
      ':outboxAt': at,
    },
  };
}

/**
 * Puts the item's unpublished events on the bus, oldest first, and counts them published; answers how many.
 * `written` is the outbox as the caller's own update left it, saving a read.
 */
export async function publishOutbox(key: ItemKey, written?: OutboxItem): Promise<number> {
  const { outbox = [], outboxPublished = 0 } = written ?? (await readOutbox(key));
  const pending = outbox.slice(outboxPublished);
  if (pending.length > 0) await putEvents(pending);
  await markPublished(key, outbox.length, pending.length === 0);
  return pending.length;
}

async function readOutbox(key: ItemKey): Promise<OutboxItem> {
  const { Item } = await table.send(
    new GetCommand({
      TableName: tableName(),
      Key: key,
      ConsistentRead: true,
      ProjectionExpression: 'outbox, outboxPublished',
    }),
  );
  return (Item ?? {}) as OutboxItem;
}

/**
 * Counts the first `count` events published and, when they are all the outbox holds, takes the item out of
 * the index. An event appended meanwhile keeps it there; a count already past ours is left alone.
 */
async function markPublished(key: ItemKey, count: number, nothingSent: boolean): Promise<void> {
  const values = { ':count': count };
  const notBehind = '(attribute_not_exists(outboxPublished) OR outboxPublished <= :count)';
  try {
    await table.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: key,
        UpdateExpression: 'SET outboxPublished = :count REMOVE outboxDue, outboxDueAt',
        ConditionExpression: `attribute_exists(pk) AND size(outbox) = :count AND ${notBehind}`,
        ExpressionAttributeValues: values,
      }),
    );
    return;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
  if (nothingSent) return;
  try {
    await table.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: key,
        UpdateExpression: 'SET outboxPublished = :count',
        ConditionExpression: `attribute_exists(pk) AND ${notBehind}`,
        ExpressionAttributeValues: values,
      }),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
}

/**
 * Publishes every outbox whose oldest unpublished event was written before `before`: what steps that died
 * between their write and PutEvents left behind. One item's failure does not stop the others.
 */
export async function sweepOutboxes(
  before: Date,
): Promise<{ items: number; events: number; failed: number }> {
  const swept = { items: 0, events: 0, failed: 0 };
  let cursor: Record<string, unknown> | undefined;
  do {
    const { Items = [], LastEvaluatedKey } = await table.send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: OUTBOX_INDEX,
        KeyConditionExpression: 'outboxDue = :due AND outboxDueAt < :before',
        ExpressionAttributeValues: { ':due': DUE, ':before': before.toISOString() },
        ExclusiveStartKey: cursor,
      }),
    );
    for (const item of Items) {
      try {
        swept.events += await publishOutbox({ pk: String(item.pk), sk: String(item.sk) });
        swept.items += 1;
      } catch {
        swept.failed += 1;
      }
    }
    cursor = LastEvaluatedKey;
  } while (cursor);
  return swept;
}
