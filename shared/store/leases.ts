import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure, TTL_ATTRIBUTE, table, tableName, tryPut, ttlOf } from './table.ts';

/**
 * A short exclusive lease on a name, in one conditional write: taken when nobody holds it or the holder's
 * lease has run out (a crashed holder cannot block others for longer than its lease). The condition, not
 * DynamoDB's TTL (which removes a lapsed lease days later, if at all locally), is what lets the next in.
 */
export async function acquireLease(
  name: string,
  holder: string,
  now: Date,
  durationMs: number,
): Promise<boolean> {
  const leaseUntil = now.getTime() + durationMs;
  return tryPut({
    TableName: tableName(),
    Item: {
      pk: `LEASE#${name}`,
      sk: 'LEASE',
      type: 'lease',
      holder,
      leaseUntil,
      [TTL_ATTRIBUTE]: ttlOf(leaseUntil),
    },
    ConditionExpression: 'attribute_not_exists(pk) OR leaseUntil < :now',
    ExpressionAttributeValues: { ':now': now.getTime() },
  });
}

export async function releaseLease(name: string, holder: string): Promise<void> {
  try {
    await table.send(
      new DeleteCommand({
        TableName: tableName(),
        Key: { pk: `LEASE#${name}`, sk: 'LEASE' },
        ConditionExpression: 'holder = :holder',
        ExpressionAttributeValues: { ':holder': holder },
      }),
    );
  } catch (error) {
    // Someone took over after our lease ran out; theirs is not ours to end.
    if (!isConditionFailure(error)) throw error;
  }
}
