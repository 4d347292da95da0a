import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ROUTES, type Route } from '#domain/event-values';
import { type SyncCounts, type SyncFailure, type SyncKind, zeroCounts } from '#domain/sync-runs';
import { BY_SCHEME_INDEX, isConditionFailure, stripKeys, table, tableName, tryPut } from './table.ts';

/** The summary of one scheduled sync run, added to page by page by whichever execution runs it. */
export interface SyncRun {
  runId: string;
  kind: SyncKind;
  /** `abandoned`: its bookkeeping stopped (the execution died) and a later run closed it. */
  status: 'running' | 'completed' | 'abandoned';
  startedAt: string;
  /** When a page was last recorded (or the run started). */
  updatedAt?: string;
  endedAt?: string;
  /** For an abandoned run, the run that closed it. */
  closedBy?: string;
  /** Pages recorded so far; pages are recorded in order, once each. */
  pages: number;
  groups: Record<Route, SyncCounts>;
  /** The first failures, up to MAX_FAILURES_KEPT; `groups.*.failed` counts them all. */
  failures: SyncFailure[];
}

const key = (runId: string) => ({ pk: `RUN#${runId}`, sk: 'RUN' });
/** A running run is listed in the byScheme index under its kind, until it is completed or closed. */
const openRuns = (kind: SyncKind) => `SYNC-RUNS#${kind}#open`;

/** Creates the run's summary; false when it exists already (the start was retried). */
export function createSyncRun(run: { runId: string; kind: SyncKind; startedAt: string }): Promise<boolean> {
  const summary: SyncRun = {
    ...run,
    status: 'running',
    pages: 0,
    groups: Object.fromEntries(ROUTES.map((route) => [route, zeroCounts(run.kind)])) as SyncRun['groups'],
    failures: [],
  };
  return tryPut({
    TableName: tableName(),
    Item: {
      ...key(run.runId),
      type: 'sync-run',
      gsi1pk: openRuns(run.kind),
      gsi1sk: `${run.startedAt}#${run.runId}`,
      ...summary,
      updatedAt: run.startedAt,
    },
    ConditionExpression: 'attribute_not_exists(pk)',
  });
}

export async function getSyncRun(runId: string): Promise<SyncRun | undefined> {
  const { Item } = await table.send(
    new GetCommand({ TableName: tableName(), Key: key(runId), ConsistentRead: true }),
  );
  return Item ? stripKeys<SyncRun>(Item) : undefined;
}

/**
 * Adds one page's counts and failures, and the end when it was the last page. The write holds only if
 * the page before was the last one recorded, so a retried step cannot count a page twice; answers false
 * when it did not hold.
 */
export async function addSyncPage(
  runId: string,
  page: number,
  counts: Record<Route, SyncCounts>,
  failures: SyncFailure[],
  at: string,
  ended = false,
): Promise<boolean> {
  const names: Record<string, string> = { '#groups': 'groups' };
  const values: Record<string, unknown> = {
    ':page': page,
    ':previous': page - 1,
    ':failures': failures,
    ':at': at,
    ':running': 'running',
  };
  const additions: string[] = [];
  ROUTES.forEach((route, r) => {
    names[`#r${r}`] = route;
    Object.entries(counts[route]).forEach(([counter, value], c) => {
      names[`#c${r}_${c}`] = counter;
      values[`:c${r}_${c}`] = value;
      additions.push(`#groups.#r${r}.#c${r}_${c} :c${r}_${c}`);
    });
  });
  const sets = ['pages = :page', 'failures = list_append(failures, :failures)', 'updatedAt = :at'];
  names['#status'] = 'status';
  if (ended) {
    sets.push('#status = :completed', 'endedAt = :at');
    values[':completed'] = 'completed';
  }
  try {
    await table.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: key(runId),
        UpdateExpression: `SET ${sets.join(', ')} ADD ${additions.join(', ')}${ended ? ' REMOVE gsi1pk, gsi1sk' : ''}`,
        // A run closed as abandoned takes no more pages.
        ConditionExpression: 'pages = :previous AND #status = :running',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Runs of a kind still marked running, oldest first. */
export async function listOpenSyncRuns(kind: SyncKind): Promise<SyncRun[]> {
  const runs: SyncRun[] = [];
  let cursor: Record<string, unknown> | undefined;
  do {
    const { Items = [], LastEvaluatedKey } = await table.send(
      new QueryCommand({
        TableName: tableName(),
        IndexName: BY_SCHEME_INDEX,
        KeyConditionExpression: 'gsi1pk = :open',
        ExpressionAttributeValues: { ':open': openRuns(kind) },
        ExclusiveStartKey: cursor,
      }),
    );
    runs.push(...Items.map((item) => stripKeys<SyncRun>(item)));
    cursor = LastEvaluatedKey;
  } while (cursor);
  return runs;
}

/**
 * Closes a run whose bookkeeping stopped, as `abandoned`; only if it is still running with the pages it
 * had when judged, so a run that recorded a page meanwhile is left to go on. Answers whether it closed it.
 */
export async function closeAbandonedSyncRun(
  run: Pick<SyncRun, 'runId' | 'pages'>,
  closedBy: string,
  at: string,
): Promise<boolean> {
  try {
    await table.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: key(run.runId),
        UpdateExpression: 'SET #status = :abandoned, endedAt = :at, closedBy = :by REMOVE gsi1pk, gsi1sk',
        ConditionExpression: '#status = :running AND pages = :pages',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':abandoned': 'abandoned',
          ':running': 'running',
          ':at': at,
          ':by': closedBy,
          ':pages': run.pages,
        },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}
