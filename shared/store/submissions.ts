import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type SubmissionStatus, statusesBefore } from '#domain/submission-status';
import {
  BY_SCHEME_INDEX,
  decodePageToken,
  encodePageToken,
  isConditionFailure,
  stripKeys,
  table,
  tableName,
  tryPut,
} from './table.ts';

export interface HistoryEntry {
  at: string;
  status: SubmissionStatus;
  detail?: string;
}

export interface Submission {
  submissionId: string;
  schemeId: string;
  status: SubmissionStatus;
  createdAt: string;
  updatedAt: string;
  /** Known from acceptance, or for an uploaded document once its checks pass. */
  payReferencePeriod?: { start: string; end: string };
  employeeCount?: number;
  idempotencyKey?: string;
  /** Sent by presigned upload: its document is checked by the workflow's first step, not at acceptance. */
  uploadId?: string;
  /** When an uploaded document passed its checks. */
  checkedAt?: string;
  /** What payroll posted: canonical JSON, or its own PAPDIS file. */
  receivedAs?: 'json' | 'papdis-csv';
  /** Through PensionSync, the document sent: PASS XML, or PAPDIS CSV (payroll's own file when it sent one). */
  format?: 'pass' | 'papdis';
  /** Through PensionSync: validate with the provider's checks and stop before delivery (`doNotDeliver`). */
  dryRun?: boolean;
  /** The provider's own id for the delivery (TPP contributions id, PensionSync job id). */
  providerReference?: string;
  /** The provider's last word on progress, which may be finer than ours (e.g. TPP's validating). */
  providerStatus?: string;
  nextPollAfter?: string;
  pollCount?: number;
  errorCount?: number;
  /** Why delivery stopped, for `error`. */
  failureReason?: string;
  history: HistoryEntry[];
}

/** Fields a step may set alongside a status change or on its own. */
export type SubmissionProgress = Partial<
  Pick<
    Submission,
    | 'providerReference'
    | 'providerStatus'
    | 'nextPollAfter'
    | 'pollCount'
    | 'errorCount'
    | 'failureReason'
    | 'payReferencePeriod'
    | 'employeeCount'
    | 'checkedAt'
  >
>;

const key = (submissionId: string) => ({ pk: `SUBMISSION#${submissionId}`, sk: 'SUBMISSION' });

/** Stores a new submission; a second call with the same id leaves the first in place and answers false. */
export async function putSubmissionOnce(submission: Submission): Promise<boolean> {
  return tryPut({
    TableName: tableName(),
    Item: {
      ...key(submission.submissionId),
      type: 'submission',
      gsi1pk: `SCHEME#${submission.schemeId}`,
      gsi1sk: `SUBMISSION#${submission.createdAt}#${submission.submissionId}`,
      ...submission,
    },
    ConditionExpression: 'attribute_not_exists(pk)',
  });
}

export async function getSubmission(submissionId: string): Promise<Submission | undefined> {
  const { Item } = await table.send(
    new GetCommand({ TableName: tableName(), Key: key(submissionId), ConsistentRead: true }),
  );
  return Item ? stripKeys<Submission>(Item) : undefined;
}

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export async function listSubmissions(
  schemeId: string,
  limit: number,
  cursor?: string,
): Promise<Page<Submission>> {
  const { Items = [], LastEvaluatedKey } = await table.send(
    new QueryCommand({
      TableName: tableName(),
      IndexName: BY_SCHEME_INDEX,
      KeyConditionExpression: 'gsi1pk = :scheme AND begins_with(gsi1sk, :prefix)',
      ExpressionAttributeValues: { ':scheme': `SCHEME#${schemeId}`, ':prefix': 'SUBMISSION#' },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: cursor ? decodePageToken(cursor) : undefined,
    }),
  );
  return {
    items: Items.map((item) => stripKeys<Submission>(item)),
    nextCursor: LastEvaluatedKey ? encodePageToken(LastEvaluatedKey) : undefined,
  };
}

class InvalidTransitionError extends Error {
  override name = 'InvalidTransitionError';
}

/**
 * Moves a submission to `to`, appending to its history, in one conditional write that only succeeds from a
 * status that may lead there. Returns false when it was already at `to` (a retried step), so callers
 * announce each change once.
 */
export async function moveSubmission(
  submissionId: string,
  to: SubmissionStatus,
  at: Date,
  progress: SubmissionProgress = {},
  detail?: string,
): Promise<boolean> {
  const from = statusesBefore(to);
  const entry: HistoryEntry = { at: at.toISOString(), status: to, ...(detail ? { detail } : {}) };
  const { names, values, assignments } = progressUpdate(progress);
  try {
    await table.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: key(submissionId),
        UpdateExpression: `SET #status = :to, updatedAt = :at, history = list_append(history, :entry)${assignments}`,
        ConditionExpression: `attribute_exists(pk) AND #status IN (${from.map((_, i) => `:from${i}`).join(', ')})`,
        ExpressionAttributeNames: { '#status': 'status', ...names },
        ExpressionAttributeValues: {
          ':to': to,
          ':at': entry.at,
          ':entry': [entry],
          ...Object.fromEntries(from.map((status, i) => [`:from${i}`, status])),
          ...values,
        },
      }),
    );
    return true;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const current = await getSubmission(submissionId);
    if (current?.status === to) return false;
    throw new InvalidTransitionError(
      `submission ${submissionId} cannot move from ${current?.status ?? 'nowhere (not found)'} to ${to}`,
    );
  }
}

/** Records what a step learned without changing the status. */
export async function recordProgress(
  submissionId: string,
  at: Date,
  progress: SubmissionProgress,
): Promise<void> {
  const { names, values, assignments } = progressUpdate(progress);
  await table.send(
    new UpdateCommand({
      TableName: tableName(),
      Key: key(submissionId),
      UpdateExpression: `SET updatedAt = :at${assignments}`,
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: Object.keys(names).length ? names : undefined,
      ExpressionAttributeValues: { ':at': at.toISOString(), ...values },
    }),
  );
}

function progressUpdate(progress: SubmissionProgress) {
  const entries = Object.entries(progress).filter(([, value]) => value !== undefined);
  return {
    names: Object.fromEntries(entries.map(([name]) => [`#${name}`, name])),
    values: Object.fromEntries(entries.map(([name, value]) => [`:${name}`, value])),
    assignments: entries.map(([name]) => `, #${name} = :${name}`).join(''),
  };
}

/** Counts a restart of a queued submission's workflow; the count names the new execution. */
export async function countResume(submissionId: string): Promise<number> {
  const { Attributes } = await table.send(
    new UpdateCommand({
      TableName: tableName(),
      Key: key(submissionId),
      UpdateExpression: 'ADD resumeCount :one',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':one': 1 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(Attributes?.resumeCount);
}
