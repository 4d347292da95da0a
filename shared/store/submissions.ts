import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type SubmissionStatus, statusesBefore } from '#domain/submission-status';
import type { CatalogEvent } from './events.ts';
import { type OutboxItem, outboxAddition } from './outbox.ts';
import {
  BY_SCHEME_INDEX,
  isConditionFailure,
  queryAll,
  queryPage,
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
  /** When a POST went out whose answer has not come back: the next attempt reconciles before sending. */
  unansweredPostAt?: string;
  /** The provider processed it but its reference was never learned (its answer was lost). */
  providerReferenceUnknown?: boolean;
  /** Queued behind this period, which has not reached the provider (failed, or never sent). */
  waitingFor?: { start: string; end: string };
  history: Array<HistoryEntry | AttemptEntry>;
  /** Sends again on request (`POST …/retry`): how many, and when the last was asked for. */
  retryCount?: number;
  retriedAt?: string;
  /** Through PensionSync: the submission for the same period this one corrects (`?replaces=`). */
  replaces?: string;
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
    | 'retryCount'
    | 'retriedAt'
    | 'payReferencePeriod'
    | 'employeeCount'
    | 'checkedAt'
  >
>;

/** The submission's item, for its outbox (outbox.ts). */
/** The pay period of a submission past its checks: an uploaded one has none until its document is checked. */
export function checkedPeriod(submission: Submission): { start: string; end: string } {
  if (!submission.payReferencePeriod)
    throw new Error(`submission ${submission.submissionId} has no pay period: its upload was never checked`);
  return submission.payReferencePeriod;
}

export const submissionKey = (submissionId: string) => ({
  pk: `SUBMISSION#${submissionId}`,
  sk: 'SUBMISSION',
});
const key = submissionKey;

/**
 * Stores a new submission, with the event announcing it in its outbox; a second call with the same id
 * leaves the first in place and answers false.
 */
export async function putSubmissionOnce(submission: Submission, announce?: CatalogEvent): Promise<boolean> {
  return tryPut({
    TableName: tableName(),
    Item: {
      ...key(submission.submissionId),
      type: 'submission',
      gsi1pk: `SCHEME#${submission.schemeId}`,
      gsi1sk: `SUBMISSION#${submission.createdAt}#${submission.submissionId}`,
      ...submission,
      ...(announce ? { outbox: [announce], outboxDue: 'due', outboxDueAt: submission.createdAt } : {}),
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

export function listSubmissions(schemeId: string, limit: number, cursor?: string): Promise<Page<Submission>> {
  return queryPage<Submission>(
    {
      IndexName: BY_SCHEME_INDEX,
      KeyConditionExpression: 'gsi1pk = :scheme AND begins_with(gsi1sk, :prefix)',
      ExpressionAttributeValues: { ':scheme': `SCHEME#${schemeId}`, ':prefix': 'SUBMISSION#' },
      ScanIndexForward: false,
    },
    limit,
    cursor,
  );
}

export class InvalidTransitionError extends Error {
  override name = 'InvalidTransitionError';
  constructor(
    message: string,
    /** Where the submission stood instead; undefined when there is no such submission. */
    readonly current?: SubmissionStatus,
  ) {
    super(message);
  }
}

/** A move made; with an announcement, the outbox as the move left it (for publishing without a read). */
export interface Moved {
  outbox?: OutboxItem;
}

/**
 * What a move writes besides the change itself, in the same write: the provider calls that led to it, in
 * the history before it. `settlesPost` says the last one's answer is in, so no POST is left unanswered (the
 * marker claimFirstPost set is cleared); it comes only with that attempt, which clears the marker on its own
 * when a retried step finds the change already made.
 */
export type Alongside =
  | { attempts?: AttemptRecord[]; settlesPost?: never }
  | { attempts: [AttemptRecord, ...AttemptRecord[]]; settlesPost: true };

/** A change of status. */
export interface StatusChange {
  to: SubmissionStatus;
  at: Date;
  /** What the step learned (references, counts, times), kept on the submission. */
  progress?: SubmissionProgress;
  /** Why, in the history entry. */
  detail?: string;
  /** The change's event, put in the submission's outbox. */
  announce?: CatalogEvent;
  /**
   * The statuses it may move from: by default every one that may lead to `to` (the workflow's moves); a
   * move a person asks for (retry, mark sent) names its own.
   */
  from?: readonly SubmissionStatus[];
}

/** A change of status and what goes with it. */
export type SubmissionMove = StatusChange & Alongside;

/**
 * Moves a submission, appending to its history (and the announcement to its outbox), in one conditional
 * write that only succeeds from a status the move may leave. Returns false when it was already at `to`
 * (a retried step), so callers announce each change once.
 */
export async function moveSubmission(submissionId: string, move: SubmissionMove): Promise<Moved | false> {
  const { to, at, progress = {}, detail, announce, attempts = [], settlesPost } = move;
  const from = move.from ?? statusesBefore(to);
  const entry: HistoryEntry = { at: at.toISOString(), status: to, ...(detail ? { detail } : {}) };
  const { names, values, assignments } = progressUpdate(progress);
  const outbox = announce ? outboxAddition(announce, entry.at) : { assignments: '', values: {} };
  try {
    const { Attributes } = await table.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: key(submissionId),
        ReturnValues: announce ? 'UPDATED_NEW' : 'NONE',
        UpdateExpression: `SET #status = :to, updatedAt = :at, history = list_append(history, :entry)${assignments}${outbox.assignments}${settlesPost ? ' REMOVE unansweredPostAt' : ''}`,
        ConditionExpression: `attribute_exists(pk) AND #status IN (${from.map((_, i) => `:from${i}`).join(', ')})`,
        ExpressionAttributeNames: { '#status': 'status', ...names },
        ExpressionAttributeValues: {
          ':to': to,
          ':at': entry.at,
          ':entry': [...attemptEntries(attempts), entry],
          ...Object.fromEntries(from.map((status, i) => [`:from${i}`, status])),
          ...values,
          ...outbox.values,
        },
      }),
    );
    if (!announce || !Attributes) return {};
    const { outbox: events, outboxPublished } = Attributes as OutboxItem;
    return { outbox: { outbox: events, outboxPublished } };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const current = await getSubmission(submissionId);
    if (current?.status === to) return false;
    throw new InvalidTransitionError(
      `submission ${submissionId} cannot move from ${current?.status ?? 'nowhere (not found)'} to ${to}`,
      current?.status,
    );
  }
}

/** Records what a step learned without changing the status, with the attempts that learned it (one write). */
export async function recordProgress(
  submissionId: string,
  at: Date,
  progress: SubmissionProgress,
  attempts: AttemptRecord[] = [],
): Promise<void> {
  const { names, values, assignments } = progressUpdate(progress);
  const history = attempts.length ? ', history = list_append(history, :attempts)' : '';
  await table.send(
    new UpdateCommand({
      TableName: tableName(),
      Key: key(submissionId),
      UpdateExpression: `SET updatedAt = :at${assignments}${history}`,
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: Object.keys(names).length ? names : undefined,
      ExpressionAttributeValues: {
        ':at': at.toISOString(),
        ...values,
        ...(attempts.length ? { ':attempts': attemptEntries(attempts) } : {}),
      },
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

/**
 * One call to a provider (or a reconciliation) and how it went, in the submission's history beside the
 * status changes: `GET /v1/submissions/{id}` shows every attempt, including those whose answer was lost.
 */
export interface AttemptEntry {
  at: string;
  kind: 'attempt';
  /** What was asked: `post-contributions`, `get-contributions-status`, `reconcile`, `submit-pass`, ... */
  operation: string;
  /**
   * How it went: `answered`, `in-flight` (TPP refused while another request is processed), `not-sent`
   * (refused before it left, safe to send), `unanswered` (may have landed), `rejected`, `unavailable`, or
   * a reconciliation's verdict (`processed`, `send`, `unexpected`).
   */
  outcome: string;
  detail?: string;
  /** When the workflow tries again, for an outage being waited out. */
  retryAt?: string;
}

/** An attempt as a caller describes it; the history entry adds its kind. */
export type AttemptRecord = Omit<AttemptEntry, 'kind'>;

const attemptEntries = (attempts: AttemptRecord[]): AttemptEntry[] =>
  attempts.map((attempt) => ({ kind: 'attempt', ...attempt }));

/** The marker a TPP POST leaves until its answer is in: set before sending, cleared once the outcome is known. */
export type UnansweredPost = { set: string } | 'clear' | undefined;

/**
 * Appends an attempt to the history, in one update with the unanswered-POST marker and what the attempt
 * settled (a reference that will never be known).
 */
export async function recordAttempt(
  submissionId: string,
  attempt: AttemptRecord,
  changes: { unansweredPost?: UnansweredPost; providerReferenceUnknown?: true } = {},
): Promise<void> {
  const entry: AttemptEntry = { kind: 'attempt', ...attempt };
  const sets = ['history = list_append(history, :entry)'];
  const values: Record<string, unknown> = { ':entry': [entry] };
  const removes: string[] = [];
  const { unansweredPost, providerReferenceUnknown } = changes;
  if (unansweredPost === 'clear') removes.push('unansweredPostAt');
  else if (unansweredPost) {
    sets.push('unansweredPostAt = :unanswered');
    values[':unanswered'] = unansweredPost.set;
  }
  if (providerReferenceUnknown) {
    sets.push('providerReferenceUnknown = :unknown');
    values[':unknown'] = true;
  }
  await table.send(
    new UpdateCommand({
      TableName: tableName(),
      Key: key(submissionId),
      UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: values,
    }),
  );
}

/** Says which earlier period a queued submission waits for, or that it waits for none. */
export async function setWaitingFor(
  submissionId: string,
  period: { start: string; end: string } | undefined,
): Promise<void> {
  await table.send(
    new UpdateCommand({
      TableName: tableName(),
      Key: key(submissionId),
      UpdateExpression: period ? 'SET waitingFor = :period' : 'REMOVE waitingFor',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: period ? { ':period': period } : undefined,
    }),
  );
}

/**
 * Claims the right to send a first POST: sets the unanswered-POST marker only if no POST went out before
 * and no reference is known. False when another attempt got there first; that one must be reconciled.
 */
export async function claimFirstPost(submissionId: string, at: Date): Promise<boolean> {
  try {
    await table.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: key(submissionId),
        UpdateExpression: 'SET unansweredPostAt = :at',
        ConditionExpression:
          'attribute_exists(pk) AND attribute_not_exists(unansweredPostAt) AND attribute_not_exists(providerReference)',
        ExpressionAttributeValues: { ':at': at.toISOString() },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/**
 * Claims the restart of a queued submission, so two wakers (a freed slot, a new expected period, the
 * watchdog) start it once: only a `queued` submission with no live claim can be claimed. Returns the
 * restart count that names the new execution, or undefined when not claimed. The claim lapses after
 * `claimLapsesMs`, should the started execution die before its first step.
 */
export async function claimResume(
  submissionId: string,
  at: Date,
  claimLapsesMs: number,
): Promise<number | undefined> {
  try {
    const { Attributes } = await table.send(
      new UpdateCommand({
        TableName: tableName(),
        Key: key(submissionId),
        UpdateExpression: 'SET resumeClaimedAt = :at ADD resumeCount :one',
        ConditionExpression:
          '#status = :queued AND (attribute_not_exists(resumeClaimedAt) OR resumeClaimedAt < :lapsed)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':at': at.toISOString(),
          ':one': 1,
          ':queued': 'queued',
          ':lapsed': new Date(at.getTime() - claimLapsesMs).toISOString(),
        },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(Attributes?.resumeCount);
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}

/** The restarted execution has taken over: the next wake may claim again. */
export async function clearResumeClaim(submissionId: string): Promise<void> {
  await table.send(
    new UpdateCommand({
      TableName: tableName(),
      Key: key(submissionId),
      UpdateExpression: 'REMOVE resumeClaimedAt',
      ConditionExpression: 'attribute_exists(pk)',
    }),
  );
}

/** What a period check reads of a submission. */
export type SubmissionPeriod = Pick<Submission, 'submissionId' | 'status' | 'payReferencePeriod' | 'dryRun'>;

/**
 * Every submission of a scheme, newest first, as far as a period check needs it (id, status, period, dry
 * run): each page projected to those fields, and every page read, so a pending period is seen however long
 * the scheme's history.
 */
export async function submissionPeriods(schemeId: string): Promise<SubmissionPeriod[]> {
  const items = await queryAll({
    TableName: tableName(),
    IndexName: BY_SCHEME_INDEX,
    KeyConditionExpression: 'gsi1pk = :scheme AND begins_with(gsi1sk, :prefix)',
    ExpressionAttributeValues: { ':scheme': `SCHEME#${schemeId}`, ':prefix': 'SUBMISSION#' },
    ProjectionExpression: 'submissionId, #status, payReferencePeriod, dryRun',
    ExpressionAttributeNames: { '#status': 'status' },
    ScanIndexForward: false,
  });
  return items as SubmissionPeriod[];
}
