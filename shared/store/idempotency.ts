import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure, table, tableName } from './table.ts';

export type Claim = { outcome: 'claimed' } | { outcome: 'replay'; submissionId: string; requestHash: string };

const key = (schemeId: string, idempotencyKey: string) => ({
  pk: `IDEMPOTENCY#${schemeId}#${idempotencyKey}`,
  sk: 'IDEMPOTENCY',
});

/**
 * Claims an Idempotency-Key for a submission id in one conditional write. A key already claimed answers
 * with the submission it belongs to, so the caller can finish or repeat that submission's acceptance.
 */
export async function claimIdempotencyKey(
  schemeId: string,
  idempotencyKey: string,
  submissionId: string,
  requestHash: string,
  at: Date,
): Promise<Claim> {
  try {
    await table.send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...key(schemeId, idempotencyKey),
          type: 'idempotency',
          submissionId,
          requestHash,
          createdAt: at.toISOString(),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return { outcome: 'claimed' };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
  const { Item } = await table.send(
    new GetCommand({ TableName: tableName(), Key: key(schemeId, idempotencyKey), ConsistentRead: true }),
  );
  if (!Item) throw new Error(`idempotency key ${idempotencyKey} vanished while being read`);
  return {
    outcome: 'replay',
    submissionId: String(Item.submissionId),
    requestHash: String(Item.requestHash),
  };
}
