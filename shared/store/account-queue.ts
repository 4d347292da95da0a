import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import {
  BY_SCHEME_INDEX,
  isConditionFailure,
  queryAll,
  stripKeys,
  table,
  tableName,
  tryPut,
} from './table.ts';

/**
 * Per provider account: the submissions waiting to be sent, in period order, and the slot one of them
 * holds while in flight. TPP takes one contributions request per account at a time, for consecutive
 * periods; the slot is one conditional write.
 */
export interface QueuedSubmission {
  accountKey: string;
  submissionId: string;
  schemeId: string;
  period: { start: string; end: string };
  queuedAt: string;
}

const partition = (accountKey: string) => `ACCOUNT#${accountKey}`;
/** A queue entry's sort key: the account's queue is read in its order, period first, then id. */
const queueSortKey = (q: Pick<QueuedSubmission, 'submissionId' | 'period'>) =>
  `QUEUE#${q.period.start}#${q.submissionId}`;
const queueKey = (q: Pick<QueuedSubmission, 'accountKey' | 'submissionId' | 'period'>) => ({
  pk: partition(q.accountKey),
  sk: queueSortKey(q),
});
const slotKey = (accountKey: string) => ({ pk: partition(accountKey), sk: 'SLOT' });

/** Whether `entry` would stand before `other` in their account's queue. */
export function queuesBefore(
  entry: Pick<QueuedSubmission, 'submissionId' | 'period'>,
  other: Pick<QueuedSubmission, 'submissionId' | 'period'>,
): boolean {
  return queueSortKey(entry) < queueSortKey(other);
}

/** Every waiting submission of every account is also listed under one index key, for the queue watchdog. */
const ALL_QUEUED = 'QUEUED';

export async function enqueue(queued: QueuedSubmission): Promise<void> {
  await table.send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...queueKey(queued),
        type: 'queued',
        gsi1pk: ALL_QUEUED,
        gsi1sk: `${queued.accountKey}#${queued.period.start}#${queued.submissionId}`,
        ...queued,
      },
    }),
  );
}

/** Every waiting submission of every account, by account then period. */
export async function allQueued(): Promise<QueuedSubmission[]> {
  const items = await queryAll({
    TableName: tableName(),
    IndexName: BY_SCHEME_INDEX,
    KeyConditionExpression: 'gsi1pk = :all',
    ExpressionAttributeValues: { ':all': ALL_QUEUED },
  });
  return items.map((item) => stripKeys<QueuedSubmission>(item));
}

/** Who holds the account's slot, and since when; undefined when it is free. */
export async function slotHolder(accountKey: string): Promise<{ holder: string; since: string } | undefined> {
  const { Item } = await table.send(
    new GetCommand({ TableName: tableName(), Key: slotKey(accountKey), ConsistentRead: true }),
  );
  return Item ? { holder: String(Item.holder), since: String(Item.since) } : undefined;
}

export async function dequeue(
  queued: Pick<QueuedSubmission, 'accountKey' | 'submissionId' | 'period'>,
): Promise<void> {
  await table.send(new DeleteCommand({ TableName: tableName(), Key: queueKey(queued) }));
}

const QUEUED_FIELDS = {
  ProjectionExpression: 'accountKey, submissionId, schemeId, #period, queuedAt',
  ExpressionAttributeNames: { '#period': 'period' },
};

/** The earliest waiting submission: one item read, not the whole queue. */
export async function queueHead(accountKey: string): Promise<QueuedSubmission | undefined> {
  const { Items = [] } = await table.send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :account AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':account': partition(accountKey), ':prefix': 'QUEUE#' },
      ConsistentRead: true,
      Limit: 1,
      ...QUEUED_FIELDS,
    }),
  );
  return Items[0] as QueuedSubmission | undefined;
}

/** Whether the submission waits in its account's queue. */
export async function isQueued(
  queued: Pick<QueuedSubmission, 'accountKey' | 'submissionId' | 'period'>,
): Promise<boolean> {
  const { Item } = await table.send(
    new GetCommand({
      TableName: tableName(),
      Key: queueKey(queued),
      ConsistentRead: true,
      ProjectionExpression: 'pk',
    }),
  );
  return Item !== undefined;
}

/** Takes the account's slot for a submission; taking it again for the same one succeeds (a retried step). */
export async function takeSlot(accountKey: string, submissionId: string, at: Date): Promise<boolean> {
  return tryPut({
    TableName: tableName(),
    Item: { ...slotKey(accountKey), type: 'slot', holder: submissionId, since: at.toISOString() },
    ConditionExpression: 'attribute_not_exists(pk) OR holder = :me',
    ExpressionAttributeValues: { ':me': submissionId },
  });
}

export async function releaseSlot(accountKey: string, submissionId: string): Promise<void> {
  try {
    await table.send(
      new DeleteCommand({
        TableName: tableName(),
        Key: slotKey(accountKey),
        ConditionExpression: 'holder = :me',
        ExpressionAttributeValues: { ':me': submissionId },
      }),
    );
  } catch (error) {
    // Not ours (or already released by a retried step): nothing to give back.
    if (!isConditionFailure(error)) throw error;
  }
}
