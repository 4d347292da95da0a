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

interface OutboxItem {
  outbox?: CatalogEvent[];
  outboxPublished?: number;
}

/** The SET clauses (and their values) that add an event to an item's outbox in the caller's update. */
export function outboxAddition(event: CatalogEvent, at: string) {
  return {
    assignments:
      ', outbox = list_append(if_not_exists(outbox, :outboxNone), :outboxEvent), outboxDue = :outboxDue, outboxDueAt = if_not_exists(outboxDueAt, :outboxAt)',
    values: { ':outboxNone': [], ':outboxEvent': [event], ':outboxDue': DUE, ':outboxAt': at },
  };
}

/** Puts the item's unpublished events on the bus, oldest first, and counts them published; answers how many. */
export async function publishOutbox(key: ItemKey): Promise<number> {
  const { Item } = await table.send(
    new GetCommand({
      TableName: tableName(),
      Key: key,
      ConsistentRead: true,
      ProjectionExpression: 'outbox, outboxPublished',
    }),
  );
  const { outbox = [], outboxPublished = 0 } = (Item ?? {}) as OutboxItem;
  const pending = outbox.slice(outboxPublished);
  if (pending.length > 0) await putEvents(pending);
  await markPublished(key, outbox.length, pending.length === 0);
  return pending.length;
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
