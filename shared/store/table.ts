import { createHash } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  PutCommand,
  type PutCommandInput,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { env } from '#config';
import { traceable } from '#observability/aws-clients';

/**
 * One table for all state. Items are addressed by `pk`/`sk`; the `bySchemeIndex` GSI (`gsi1pk`/`gsi1sk`)
 * lists a scheme's items newest first, and each route's schemes for the scheduled syncs. Every write is a single-item (conditional) write: no transactions.
 */
export const BY_SCHEME_INDEX = 'byScheme';

export const table = /* @__PURE__ */ DynamoDBDocumentClient.from(
  /* @__PURE__ */ traceable(/* @__PURE__ */ new DynamoDBClient({})),
  {
    marshallOptions: { removeUndefinedValues: true },
  },
);

export const tableName = () => env.tableName();

/**
 * The table's TTL attribute (infra/constructs/storage.ts): epoch seconds after which DynamoDB may delete
 * the item, within a day or two. Until then the item is still there (and the embedded DynamoDB never
 * deletes it), so a read that must not see expired items checks the time itself. Not `expiresAt`, which
 * is an ISO time where the gateway already stores one.
 */
export const TTL_ATTRIBUTE = 'deleteAfter';

/** A time as the TTL attribute holds it: whole epoch seconds, rounded up so nothing goes early. */
export const ttlOf = (at: Date | number) => Math.ceil(new Date(at).getTime() / 1000);

export function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/** Drops the table's addressing attributes, and an item's outbox (outbox.ts), from an item. */
export function stripKeys<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, gsi1pk: _gsi1pk, gsi1sk: _gsi1sk, type: _type, ...rest } = item;
  const { outbox: _o, outboxPublished: _p, outboxDue: _d, outboxDueAt: _a, ...described } = rest;
  return described as T;
}

/** A conditional put: true when written, false when its condition did not hold. */
export async function tryPut(input: PutCommandInput): Promise<boolean> {
  try {
    await table.send(new PutCommand(input));
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * A page token is bound to the listing it continues (`scope`: the query itself, or the filters that make
 * it), so a cursor given for another scheme, another list or other filters is refused as the caller's
 * mistake, instead of reaching DynamoDB as a start key that does not fit (a ValidationException: a 500).
 */
const scopeMark = (scope: unknown) =>
  createHash('sha256').update(JSON.stringify(scope)).digest('base64url').slice(0, 16);

/** Where a listing stopped, as an opaque token for the next page of the same listing. */
export const encodePageToken = (key: Record<string, unknown>, scope: unknown) =>
  Buffer.from(JSON.stringify({ s: scopeMark(scope), k: key })).toString('base64url');

/** A page token (cursor) the gateway did not give, or gave for another listing: the caller's mistake. */
export class InvalidPageTokenError extends Error {
  override name = 'InvalidPageTokenError';
  constructor() {
    super('The page token is not one this gateway gave for this listing');
  }
}

/** A token encodePageToken gave for this scope, back as the key it stands for. */
export function decodePageToken(token: string, scope: unknown): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidPageTokenError();
  }
  const { s, k } = (parsed ?? {}) as { s?: unknown; k?: unknown };
  if (s !== scopeMark(scope) || typeof k !== 'object' || k === null || Array.isArray(k)) {
    throw new InvalidPageTokenError();
  }
  return k as Record<string, unknown>;
}

/**
 * One page of a Query, in the order it asks for: a Query, never a Scan. `nextCursor` is absent on the last
 * page; it continues this query only (the same partition, index, key condition and filter).
 */
export async function queryPage<T>(
  query: Omit<QueryCommandInput, 'TableName' | 'Limit' | 'ExclusiveStartKey'>,
  limit: number,
  cursor?: string,
): Promise<{ items: T[]; nextCursor?: string }> {
  const { IndexName, KeyConditionExpression, ExpressionAttributeValues, FilterExpression } = query;
  const scope = [IndexName, KeyConditionExpression, ExpressionAttributeValues, FilterExpression];
  const { Items = [], LastEvaluatedKey } = await table.send(
    new QueryCommand({
      TableName: tableName(),
      ...query,
      Limit: limit,
      ExclusiveStartKey: cursor ? decodePageToken(cursor, scope) : undefined,
    }),
  );
  return {
    items: Items.map((item) => stripKeys<T>(item)),
    ...(LastEvaluatedKey ? { nextCursor: encodePageToken(LastEvaluatedKey, scope) } : {}),
  };
}

/** One page of an index partition that lists one kind of item (`gsi1pk`), in `gsi1sk` order. */
export const listPartitionPage = <T>(partition: string, limit: number, cursor?: string) =>
  queryPage<T>(
    {
      IndexName: BY_SCHEME_INDEX,
      KeyConditionExpression: 'gsi1pk = :partition',
      ExpressionAttributeValues: { ':partition': partition },
    },
    limit,
    cursor,
  );

/** Every item a query finds, page after page: for reads that must see the whole of what they ask, however long. */
export async function queryAll(
  input: Omit<QueryCommandInput, 'ExclusiveStartKey'>,
): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const { Items = [], LastEvaluatedKey } = await table.send(
      new QueryCommand({ ...input, ExclusiveStartKey: start }),
    );
    found.push(...Items);
    start = LastEvaluatedKey;
  } while (start);
  return found;
}
