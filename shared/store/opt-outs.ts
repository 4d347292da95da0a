import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { OptOutRecord } from '#domain/opt-outs';
import { stripKeys, table, tableName } from './table.ts';

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

export async function listOptOuts(schemeId: string): Promise<StoredOptOut[]> {
  const items: StoredOptOut[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await table.send(
      new QueryCommand({
        TableName: tableName(),
        KeyConditionExpression: 'pk = :scheme AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':scheme': `SCHEME#${schemeId}`, ':prefix': 'OPTOUT#' },
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(page.Items ?? []).map((item) => stripKeys<StoredOptOut>(item)));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

export async function saveOptOut(optOut: StoredOptOut): Promise<void> {
  await table.send(
    new PutCommand({
      TableName: tableName(),
      Item: { pk: `SCHEME#${optOut.schemeId}`, sk: sortKey(optOut), type: 'opt-out', ...optOut },
    }),
  );
}
