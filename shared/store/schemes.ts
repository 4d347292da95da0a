import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { stripKeys, table, tableName } from './table.ts';

export type Provider = 'TPP' | 'NST' | 'SMP' | 'NOW' | 'AVC' | 'LGS';
export type Route = 'direct' | 'pensionsync';

export interface Scheme {
  schemeId: string;
  provider: Provider;
  route: Route;
  employerReference: string;
  connectionId?: string;
  accountId?: string;
  createdAt: string;
  authorisation: { status: 'authorised' | 'pending' | 'refused' | 'reauthorisation-needed'; url?: string };
  /** Scheme details in TPP's field names, whatever the route. */
  details?: Record<string, unknown>;
  detailsReadAt?: string;
}

const key = (schemeId: string) => ({ pk: `SCHEME#${schemeId}`, sk: 'SCHEME' });

export async function putScheme(scheme: Scheme): Promise<void> {
  await table.send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...key(scheme.schemeId), type: 'scheme', ...scheme },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

export async function getScheme(schemeId: string): Promise<Scheme | undefined> {
  const { Item } = await table.send(new GetCommand({ TableName: tableName(), Key: key(schemeId) }));
  return Item ? stripKeys<Scheme>(Item) : undefined;
}

export interface SchemeChange {
  at: string;
  changedFields: string[];
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

/** Replaces a scheme's details; when they changed, keeps the change beside the scheme as its record. */
export async function saveSchemeDetails(
  schemeId: string,
  details: Record<string, unknown>,
  readAt: string,
  change?: SchemeChange,
): Promise<void> {
  await table.send(
    new UpdateCommand({
      TableName: tableName(),
      Key: key(schemeId),
      UpdateExpression: 'SET details = :details, detailsReadAt = :readAt',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':details': details, ':readAt': readAt },
    }),
  );
  if (change) {
    await table.send(
      new PutCommand({
        TableName: tableName(),
        Item: { pk: `SCHEME#${schemeId}`, sk: `CHANGE#${change.at}`, type: 'scheme-change', ...change },
      }),
    );
  }
}
