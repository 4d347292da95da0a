import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type AuthorisationStatus, type Provider, ROUTES, type Route } from '#domain/event-values';
import type { SyncKind } from '#domain/sync-runs';
import type { CatalogEvent } from './events.ts';
import { outboxAddition } from './outbox.ts';
import { recordSchemeHistory } from './scheme-history.ts';
import {
  BY_SCHEME_INDEX,
  decodePageToken,
  encodePageToken,
  InvalidPageTokenError,
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
  /** When payroll unlinked it (`DELETE /v1/schemes/{id}`): no new submissions, no syncs; its history stays. */
  unlinkedAt?: string;
  unlinkReason?: string;
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

export const schemeKey = (schemeId: string) => ({ pk: `SCHEME#${schemeId}`, sk: 'SCHEME' });
const key = schemeKey;

/**
 * Each scheme is listed in its route's sweep, which the scheduled syncs page through: a `SWEEP#<route>`
 * partition of the byScheme index, beside the `SCHEME#<id>` ones that list a scheme's submissions. An
 * unlinked scheme moves to its route's `UNLINKED#<route>` partition: out of every sweep, still listable.
 */
const sweepPartition = (route: Route) => `SWEEP#${route}`;
const unlinkedPartition = (route: Route) => `UNLINKED#${route}`;
const sweepKey = (scheme: Scheme) => ({ gsi1pk: sweepPartition(scheme.route), gsi1sk: scheme.schemeId });

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

/**
 * Replaces a scheme's details, only if they are still the ones read at `readBefore` (the copy the caller
 * compared with; undefined for none yet): false when another refresh stored others since. When they
 * changed, keeps the change in the scheme's history.
 */
export async function saveSchemeDetails(
  schemeId: string,
  details: Record<string, unknown>,
  readAt: string,
  readBefore: string | undefined,
  change?: SchemeChange,
): Promise<boolean> {
  try {
    await table.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: key(schemeId),
        UpdateExpression: 'SET details = :details, detailsReadAt = :readAt',
        ConditionExpression: `attribute_exists(pk) AND ${readBefore === undefined ? 'attribute_not_exists(detailsReadAt)' : 'detailsReadAt = :readBefore'}`,
        ExpressionAttributeValues: {
          ':details': details,
          ':readAt': readAt,
          ...(readBefore === undefined ? {} : { ':readBefore': readBefore }),
        },
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
  if (change) await recordSchemeHistory(schemeId, { action: 'details-changed', ...change });
  return true;
}

/**
 * Moves a scheme's authorisation to a new status. Answers the status it left, or undefined when it was
 * already there: of two checkers seeing the same change, exactly one is told, so one event is sent and
 * one history entry kept.
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
    const from = (Attributes?.authorisation as { status: AuthorisationStatus } | undefined)?.status;
    if (from) await recordSchemeHistory(schemeId, { at, action: 'authorisation-changed', from, to });
    return from;
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
  const sweepScope = ['sweep', route, options.authorisedOnly];
  const { Items = [], LastEvaluatedKey } = await table.send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: BY_SCHEME_INDEX,
      KeyConditionExpression: 'gsi1pk = :sweep',
      ...(options.authorisedOnly ? { FilterExpression: 'authorisation.#status = :authorised' } : {}),
      ProjectionExpression: 'schemeId',
      ExpressionAttributeNames: options.authorisedOnly ? { '#status': 'status' } : undefined,
      ExpressionAttributeValues: {
        ':sweep': sweepPartition(route),
        ...(options.authorisedOnly ? { ':authorised': 'authorised' } : {}),
      },
      Limit: options.limit,
      ExclusiveStartKey: options.after ? decodePageToken(options.after, sweepScope) : undefined,
    }),
  );
  return {
    schemeIds: Items.map((item) => String(item.schemeId)),
    ...(LastEvaluatedKey ? { next: encodePageToken(LastEvaluatedKey, sweepScope) } : {}),
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

/**
 * Unlinks a scheme in one conditional write: marks it, moves it out of its route's sweep, and puts its
 * `Scheme Unlinked` event in its outbox. Answers the scheme as it now is, and whether this call unlinked it
 * (false when it already was: one event however often it is asked).
 */
export async function unlinkScheme(
  scheme: Scheme,
  at: string,
  reason: string | undefined,
  announce: CatalogEvent,
): Promise<boolean> {
  const outbox = outboxAddition(announce, at);
  try {
    await table.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: key(scheme.schemeId),
        UpdateExpression: `SET unlinkedAt = :at, gsi1pk = :unlinked${reason ? ', unlinkReason = :reason' : ''}${outbox.assignments}`,
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(unlinkedAt)',
        ExpressionAttributeValues: {
          ':at': at,
          ':unlinked': unlinkedPartition(scheme.route),
          ...(reason ? { ':reason': reason } : {}),
          ...outbox.values,
        },
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
  await recordSchemeHistory(scheme.schemeId, { at, action: 'unlinked', ...(reason ? { reason } : {}) });
  return true;
}

export interface SchemeFilters {
  route?: Route;
  provider?: Provider;
  authorisation?: AuthorisationStatus;
  /** Linked schemes (the default), or those unlinked. */
  linked: boolean;
}

/** Where a listing stands: which route partition, and the index key to read on from. */
interface SchemeCursor {
  partition: number;
  after?: Record<string, unknown>;
}

/** A cursor continues the listing with the filters it was given for, and no other. */
export function encodeSchemeCursor(cursor: SchemeCursor, filters: SchemeFilters): string {
  return encodePageToken(
    { p: cursor.partition, ...(cursor.after ? { k: cursor.after } : {}) },
    listingScope(filters),
  );
}

/** A cursor encodeSchemeCursor gave for these filters; anything else throws. */
export function decodeSchemeCursor(token: string, filters: SchemeFilters): SchemeCursor {
  const { p, k } = decodePageToken(token, listingScope(filters));
  if (!Number.isInteger(p) || (p as number) < 0 || (k !== undefined && (typeof k !== 'object' || k === null)))
    throw new InvalidPageTokenError();
  return { partition: p as number, ...(k ? { after: k as Record<string, unknown> } : {}) };
}

const listingScope = ({ route, provider, authorisation, linked }: SchemeFilters) => [
  'schemes',
  route,
  provider,
  authorisation,
  linked,
];

/** The index partitions a listing reads, in order: the route's own, or every route's. */
export function schemePartitions(filters: SchemeFilters): string[] {
  const routes = filters.route ? [filters.route] : [...ROUTES];
  return routes.map(filters.linked ? sweepPartition : unlinkedPartition);
}

/** The filter on provider and authorisation status, applied by DynamoDB to what the key condition reads. */
export function schemeFilterExpression(filters: SchemeFilters) {
  const clauses: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, string> = {};
  if (filters.provider) {
    clauses.push('#provider = :provider');
    names['#provider'] = 'provider';
    values[':provider'] = filters.provider;
  }
  if (filters.authorisation) {
    clauses.push('authorisation.#status = :authorisation');
    names['#status'] = 'status';
    values[':authorisation'] = filters.authorisation;
  }
  return clauses.length
    ? { FilterExpression: clauses.join(' AND '), ExpressionAttributeNames: names, filterValues: values }
    : { filterValues: values };
}

/** Index reads one listing request may make before it answers what it has, with a cursor to go on. */
const MAX_READS_PER_PAGE = 10;

/**
 * One page of schemes: Queries on the byScheme index (never a Scan), route partition after route
 * partition. Each read asks for what the page still lacks, so the cursor is exactly where the page stops.
 * With filters, a page may hold fewer than `limit` schemes and still have a next one.
 */
export async function listSchemes(
  filters: SchemeFilters,
  limit: number,
  cursor?: string,
): Promise<{ items: Scheme[]; nextCursor?: string }> {
  const partitions = schemePartitions(filters);
  const { filterValues, ...filter } = schemeFilterExpression(filters);
  let at: SchemeCursor = cursor ? decodeSchemeCursor(cursor, filters) : { partition: 0 };
  const items: Scheme[] = [];
  for (let reads = 0; reads < MAX_READS_PER_PAGE && items.length < limit; reads += 1) {
    const partition = partitions[at.partition];
    if (partition === undefined) return { items };
    const { Items = [], LastEvaluatedKey } = await table.send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: BY_SCHEME_INDEX,
        KeyConditionExpression: 'gsi1pk = :partition',
        ...filter,
        ExpressionAttributeValues: { ':partition': partition, ...filterValues },
        Limit: limit - items.length,
        ExclusiveStartKey: at.after,
      }),
    );
    items.push(...Items.map((item) => stripKeys<Scheme>(item)));
    at = LastEvaluatedKey
      ? { partition: at.partition, after: LastEvaluatedKey }
      : { partition: at.partition + 1 };
  }
  return partitions[at.partition] === undefined
    ? { items }
    : { items, nextCursor: encodeSchemeCursor(at, filters) };
}
