import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { AuthorisationStatus } from '#domain/event-values';
import { queryPage, table, tableName } from './table.ts';

/**
 * What happened to a scheme, kept under the scheme's own partition (so it stays when the scheme is
 * unlinked), one item per entry keyed by time: an operator reads when its details changed, when its
 * authorisation moved, when a PAPDIS file was made for it and when it was unlinked.
 */
export type SchemeHistoryEntry =
  | {
      at: string;
      action: 'details-changed';
      changedFields: string[];
      before: Record<string, unknown>;
      after: Record<string, unknown>;
    }
  | { at: string; action: 'authorisation-changed'; from: AuthorisationStatus; to: AuthorisationStatus }
  | {
      at: string;
      action: 'papdis-file-generated';
      payReferencePeriod: { start: string; end: string };
      employeeCount: number;
    }
  | { at: string; action: 'unlinked'; reason?: string };

const PREFIX = 'HISTORY#';

/** Keeps one entry. The same action at the same instant is the same entry: a retried write keeps one. */
export async function recordSchemeHistory(schemeId: string, entry: SchemeHistoryEntry): Promise<void> {
  await table.send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        pk: `SCHEME#${schemeId}`,
        sk: `${PREFIX}${entry.at}#${entry.action}`,
        type: 'scheme-history',
        ...entry,
      },
    }),
  );
}

/** A scheme's history, newest first, a page at a time; `nextCursor` is absent on the last page. */
export const listSchemeHistory = (schemeId: string, limit: number, cursor?: string) =>
  queryPage<SchemeHistoryEntry>(
    {
      KeyConditionExpression: 'pk = :scheme AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':scheme': `SCHEME#${schemeId}`, ':prefix': PREFIX },
      ScanIndexForward: false,
    },
    limit,
    cursor,
  );
