import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ROUTES, type Route } from '#domain/events';
import { type SyncCounts, type SyncFailure, type SyncKind, zeroCounts } from '#domain/sync-runs';
import { isConditionFailure, stripKeys, table, tableName, tryPut } from './table.ts';

/** The summary of one scheduled sync run, added to page by page by whichever execution runs it. */
export interface SyncRun {
  runId: string;
  kind: SyncKind;
  status: 'running' | 'completed';
  startedAt: string;
  endedAt?: string;
  /** Pages recorded so far; pages are recorded in order, once each. */
  pages: number;
  groups: Record<Route, SyncCounts>;
  /** The first failures, up to MAX_FAILURES_KEPT; `groups.*.failed` counts them all. */
  failures: SyncFailure[];
}

const key = (runId: string) => ({ pk: `RUN#${runId}`, sk: 'RUN' });

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
    Item: { ...key(run.runId), type: 'sync-run', ...summary },
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
  endedAt?: string,
): Promise<boolean> {
  const names: Record<string, string> = { '#groups': 'groups' };
  const values: Record<string, unknown> = { ':page': page, ':previous': page - 1, ':failures': failures };
  const additions: string[] = [];
  ROUTES.forEach((route, r) => {
    names[`#r${r}`] = route;
    Object.entries(counts[route]).forEach(([counter, value], c) => {
      names[`#c${r}_${c}`] = counter;
      values[`:c${r}_${c}`] = value;
      additions.push(`#groups.#r${r}.#c${r}_${c} :c${r}_${c}`);
    });
  });
  const sets = ['pages = :page', 'failures = list_append(failures, :failures)'];
  if (endedAt) {
    sets.push('#status = :completed', 'endedAt = :endedAt');
    names['#status'] = 'status';
    Object.assign(values, { ':completed': 'completed', ':endedAt': endedAt });
  }
  try {
    await table.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: key(runId),
        UpdateExpression: `SET ${sets.join(', ')} ADD ${additions.join(', ')}`,
        ConditionExpression: 'pages = :previous',
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
