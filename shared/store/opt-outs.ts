import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { CessationRecord, OptOutRecord } from '#domain/opt-outs';
import { queryAll, stripKeys, table, tableName, tryPut } from './table.ts';

/** An opt-out as stored: the provider's record plus when the gateway first and last saw it change. */
export interface StoredOptOut extends OptOutRecord {
  schemeId: string;
  /** `open` while the provider lists it; `confirmed` once payroll's confirmation made it drop off. */
  status: 'open' | 'confirmed';
  firstSeenAt: string;
  lastChangedAt: string;
  confirmedAt?: string;
}

const sortKey = (o: { uniqueId: string; optOutDate: string }) => `OPTOUT#${o.uniqueId}#${o.optOutDate}`;

/** A cessation as stored: the worker stopped contributing; nothing is refunded, so it never changes. */
export interface StoredCessation extends CessationRecord {
  schemeId: string;
  status: 'open';
  firstSeenAt: string;
}

export function listOptOuts(schemeId: string): Promise<StoredOptOut[]> {
  return listKind<StoredOptOut>(schemeId, 'OPTOUT#');
}

export function listCessations(schemeId: string): Promise<StoredCessation[]> {
  return listKind<StoredCessation>(schemeId, 'CESSATION#');
}

async function listKind<T>(schemeId: string, prefix: string): Promise<T[]> {
  const items = await queryAll({
    TableName: tableName(),
    KeyConditionExpression: 'pk = :scheme AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':scheme': `SCHEME#${schemeId}`, ':prefix': prefix },
  });
  return items.map((item) => stripKeys<T>(item));
}

/** Stores a cessation the first time it is seen; false when it was already known (so its event went out). */
export function saveCessationOnce(cessation: StoredCessation): Promise<boolean> {
  return tryPut({
    TableName: tableName(),
    Item: {
      pk: `SCHEME#${cessation.schemeId}`,
      sk: `CESSATION#${cessation.uniqueId}#${cessation.cessationDate}`,
      type: 'cessation',
      ...cessation,
    },
    ConditionExpression: 'attribute_not_exists(pk)',
  });
}

export async function saveOptOut(optOut: StoredOptOut): Promise<void> {
  await table.send(
    new PutCommand({
      TableName: tableName(),
      Item: { pk: `SCHEME#${optOut.schemeId}`, sk: sortKey(optOut), type: 'opt-out', ...optOut },
    }),
  );
}
