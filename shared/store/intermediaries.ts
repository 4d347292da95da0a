import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { listPartitionPage, stripKeys, table, tableName, tryPut } from './table.ts';

/** A PensionSync intermediary: the employer or bureau running payroll, as PensionSync knows it. */
export interface Intermediary {
  /** PensionSync's id; absent while the creation that claimed this reference is under way. */
  intermediaryId?: string;
  reference: string;
  name: string;
  createdAt: string;
}

// Keyed by payroll's reference, so creating the same intermediary twice finds the first one.
const byReference = (reference: string) => ({ pk: `INTERMEDIARY-REF#${reference}`, sk: 'INTERMEDIARY' });
const byId = (intermediaryId: string) => ({ pk: `INTERMEDIARY#${intermediaryId}`, sk: 'INTERMEDIARY' });

/** Every intermediary PensionSync has given an id is also listed in one index partition, by reference. */
const LISTED = 'INTERMEDIARIES';

export function listIntermediaries(limit: number, cursor?: string) {
  return listPartitionPage<Required<Intermediary>>(LISTED, limit, cursor);
}

/** Claims a reference; false when another request already holds it. */
export function claimIntermediaryReference(intermediary: Intermediary): Promise<boolean> {
  return tryPut({
    TableName: tableName(),
    Item: { ...byReference(intermediary.reference), type: 'intermediary-reference', ...intermediary },
    ConditionExpression: 'attribute_not_exists(pk)',
  });
}

export async function findIntermediaryByReference(reference: string): Promise<Intermediary | undefined> {
  const { Item } = await table.send(
    new GetCommand({ TableName: tableName(), Key: byReference(reference), ConsistentRead: true }),
  );
  return Item ? stripKeys<Intermediary>(Item) : undefined;
}

/** Records PensionSync's id on the claim and stores the intermediary under it. */
export async function saveIntermediary(intermediary: Required<Intermediary>): Promise<void> {
  await table.send(
    new UpdateCommand({
      TableName: tableName(),
      Key: byReference(intermediary.reference),
      UpdateExpression: 'SET intermediaryId = :id',
      ExpressionAttributeValues: { ':id': intermediary.intermediaryId },
    }),
  );
  await table.send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...byId(intermediary.intermediaryId),
        gsi1pk: LISTED,
        gsi1sk: intermediary.reference,
        type: 'intermediary',
        ...intermediary,
      },
    }),
  );
}

export async function getIntermediary(intermediaryId: string): Promise<Intermediary | undefined> {
  const { Item } = await table.send(new GetCommand({ TableName: tableName(), Key: byId(intermediaryId) }));
  return Item ? stripKeys<Intermediary>(Item) : undefined;
}
