import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { TTL_ATTRIBUTE, table, tableName, tryPut, ttlOf } from './table.ts';

export interface IdempotencyClaim {
  submissionId: string;
  requestHash: string;
}

const key = (schemeId: string, idempotencyKey: string) => ({
  pk: `IDEMPOTENCY#${schemeId}#${idempotencyKey}`,
  sk: 'IDEMPOTENCY',
});

/**
 * How long an Idempotency-Key holds: a payroll re-run within a month finds its first submission; after
 * that the key is free again, and DynamoDB's TTL removes the claim.
 */
export const IDEMPOTENCY_KEY_LIFETIME_DAYS = 30;
const LIFETIME_MS = IDEMPOTENCY_KEY_LIFETIME_DAYS * 24 * 60 * 60 * 1000;

/**
 * Claims an Idempotency-Key for a submission in one conditional write; false when it is claimed and the
 * claim has not expired (an expired one may linger until the TTL removes it, and is taken over).
 */
export async function claimIdempotencyKey(
  schemeId: string,
  idempotencyKey: string,
  claim: IdempotencyClaim,
  at: Date,
): Promise<boolean> {
  return tryPut({
    TableName: tableName(),
    Item: {
      ...key(schemeId, idempotencyKey),
      type: 'idempotency',
      ...claim,
      createdAt: at.toISOString(),
      [TTL_ATTRIBUTE]: ttlOf(at.getTime() + LIFETIME_MS),
    },
    ConditionExpression: 'attribute_not_exists(pk) OR #expiry <= :now',
    ExpressionAttributeNames: { '#expiry': TTL_ATTRIBUTE },
    ExpressionAttributeValues: { ':now': ttlOf(at) },
  });
}

/** The submission a key was claimed for, if it was and the claim has not expired at `at`. */
export async function findIdempotencyClaim(
  schemeId: string,
  idempotencyKey: string,
  at: Date,
): Promise<IdempotencyClaim | undefined> {
  const { Item } = await table.send(
    new GetCommand({ TableName: tableName(), Key: key(schemeId, idempotencyKey), ConsistentRead: true }),
  );
  // Claims written before the TTL have no expiry and hold for good.
  const expired = typeof Item?.[TTL_ATTRIBUTE] === 'number' && Item[TTL_ATTRIBUTE] <= ttlOf(at);
  return Item && !expired
    ? { submissionId: String(Item.submissionId), requestHash: String(Item.requestHash) }
    : undefined;
}
