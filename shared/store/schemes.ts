import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AuthorisationStatus, Provider, Route } from '#domain/event-values';
import type { SyncKind } from '#domain/sync-runs';
import {
  BY_SCHEME_INDEX,
  decodePageToken,
  encodePageToken,
  isConditionFailure,
  stripKeys,
  table,
  tableName,
} from './table.ts';

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
  /** Why the last scheduled opt-out sync of this scheme failed; gone once one succeeds. */
  optOutSyncFailure?: SchemeSyncFailure;
  /** Likewise for the scheduled scheme details sync. */
  schemeSyncFailure?: SchemeSyncFailure;
}

export interface SchemeSyncFailure {
  at: string;
  runId: string;
  error: string;
}

const FAILURE_ATTRIBUTE = {
  'opt-outs': 'optOutSyncFailure',
  'scheme-details': 'schemeSyncFailure',
} as const satisfies Record<SyncKind, keyof Scheme>;

export const syncFailureOf = (scheme: Scheme, kind: SyncKind) => scheme[FAILURE_ATTRIBUTE[kind]];

const key = (schemeId: string) => ({ pk: `SCHEME#${schemeId}`, sk: 'SCHEME' });

/**
 * Each scheme is listed in its route's sweep, which the scheduled syncs page through: a `SWEEP#<route>`
 * partition of the byScheme index, beside the `SCHEME#<id>` ones that list a scheme's submissions.
 */
const sweepKey = (scheme: Scheme) => ({ gsi1pk: `SWEEP#${scheme.route}`, gsi1sk: scheme.schemeId });

export async function putScheme(scheme: Scheme): Promise<void> {
  await table.send(
    new PutCommand({
      TableName: tableName(),
      Item: { ...key(scheme.schemeId), ...sweepKey(scheme), type: 'scheme', ...scheme },
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

export interface SchemePage {
  schemeIds: string[];
  /** Opaque; absent on the last page. */
  next?: string;
}

/**
 * One page of a route's schemes, in no particular order. `authorisedOnly` filters after the page is
 * read, so a page may hold fewer ids than the limit, or none, and still have a next one.
 */
export async function listSweepPage(
  route: Route,
  options: { limit: number; after?: string; authorisedOnly: boolean },
): Promise<SchemePage> {
  const { Items = [], LastEvaluatedKey } = await table.send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: BY_SCHEME_INDEX,
      KeyConditionExpression: 'gsi1pk = :sweep',
      ...(options.authorisedOnly ? { FilterExpression: 'authorisation.#status = :authorised' } : {}),
      ProjectionExpression: 'schemeId',
      ExpressionAttributeNames: options.authorisedOnly ? { '#status': 'status' } : undefined,
      ExpressionAttributeValues: {
        ':sweep': `SWEEP#${route}`,
        ...(options.authorisedOnly ? { ':authorised': 'authorised' } : {}),
      },
      Limit: options.limit,
      ExclusiveStartKey: options.after ? decodePageToken(options.after) : undefined,
    }),
  );
  return {
    schemeIds: Items.map((item) => String(item.schemeId)),
    ...(LastEvaluatedKey ? { next: encodePageToken(LastEvaluatedKey) } : {}),
  };
}

/** Keeps why a scheduled sync of the scheme failed, or clears it (undefined) once one succeeds. */
export async function setSyncFailure(
  schemeId: string,
  kind: SyncKind,
  failure: SchemeSyncFailure | undefined,
): Promise<void> {
  await table.send(
    new UpdateCommand({
      TableName: tableName(),
      Key: key(schemeId),
      UpdateExpression: failure ? 'SET #failure = :failure' : 'REMOVE #failure',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#failure': FAILURE_ATTRIBUTE[kind] },
      ExpressionAttributeValues: failure ? { ':failure': failure } : undefined,
    }),
  );
}
