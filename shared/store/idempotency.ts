import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { table, tableName, tryPut } from './table.ts';

export interface IdempotencyClaim {
  submissionId: string;
  requestHash: string;
}

const key = (schemeId: string, idempotencyKey: string) => ({
  pk: `IDEMPOTENCY#${schemeId}#${idempotencyKey}`,
  sk: 'IDEMPOTENCY',
});

/** Claims an Idempotency-Key for a submission in one conditional write; false when it was already claimed. */
export async function claimIdempotencyKey(
  schemeId: string,
  idempotencyKey: string,
  claim: IdempotencyClaim,
  at: Date,
): Promise<boolean> {
  return tryPut({
    TableName: tableName(),
    Item: { ...key(schemeId, idempotencyKey), type: 'idempotency', ...claim, createdAt: at.toISOString() },
    ConditionExpression: 'attribute_not_exists(pk)',
  });
}

/** The submission a key was claimed for, if it was. */
export async function findIdempotencyClaim(
  schemeId: string,
  idempotencyKey: string,
): Promise<IdempotencyClaim | undefined> {
  const { Item } = await table.send(
    new GetCommand({ TableName: tableName(), Key: key(schemeId, idempotencyKey), ConsistentRead: true }),
  );
  return Item
    ? { submissionId: String(Item.submissionId), requestHash: String(Item.requestHash) }
    : undefined;
}
