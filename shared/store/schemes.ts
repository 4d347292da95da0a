import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AuthorisationStatus, Provider, Route } from '#domain/events';
import { isConditionFailure, stripKeys, table, tableName } from './table.ts';

// Defined beside the event schemas that carry them; re-exported for the code that stores schemes.
export type { AuthorisationStatus, Provider, Route };

/** How a PensionSync scheme's submissions are written: PASS XML or PAPDIS CSV. */
export type DeliveryFormat = 'pass' | 'papdis';

export interface Scheme {
  schemeId: string;
  provider: Provider;
  route: Route;
  employerReference: string;
  connectionId?: string;
  accountId?: string;
  intermediaryId?: string;
  format?: DeliveryFormat;
  createdAt: string;
  authorisation: { status: AuthorisationStatus; url?: string; changedAt?: string };
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

/**
 * Moves a scheme's authorisation to a new status. Answers the status it left, or undefined when it was
 * already there: of two checkers seeing the same change, exactly one is told, so one event is sent.
 */
export async function setAuthorisationStatus(
  schemeId: string,
  to: AuthorisationStatus,
  at: string,
): Promise<AuthorisationStatus | undefined> {
  try {
    const { Attributes } = await table.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: key(schemeId),
        UpdateExpression: 'SET authorisation.#status = :to, authorisation.changedAt = :at',
        ConditionExpression: 'attribute_exists(pk) AND authorisation.#status <> :to',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':to': to, ':at': at },
        ReturnValues: 'UPDATED_OLD',
      }),
    );
    return (Attributes?.authorisation as { status: AuthorisationStatus } | undefined)?.status;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}
