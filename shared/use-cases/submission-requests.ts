import * as z from 'zod/mini';
import { MARK_SENT, RESEND, type SubmissionStatus } from '#domain/submission-status';
import { ConflictError, gatewayProblem, NotFoundError, parsedOr400 } from '#http/problems';
import { getScheme } from '#store/schemes';
import {
  getSubmission,
  InvalidTransitionError,
  type Moved,
  moveSubmission,
  type Submission,
} from '#store/submissions';
import { retrySubmissionWorkflow } from '#store/workflows';
import { holdsSlot, leaveAccountQueue, releaseAccountSlot } from './account-slot.ts';
import type { Clock } from './clock.ts';
import { publishSubmissionEvents, reportStatusChange, statusEvent } from './submission-lifecycle.ts';

/**
 * What payroll may ask of a submission after accepting it: send an `error` again, withdraw one still
 * `queued`, or mark one as sent outside the gateway. Each is one conditional write (with its event in the submission's outbox), so two requests
 * racing cannot both succeed, and anything else is refused naming where the submission stands.
 */

/** The submission is not in the status the request needs. */
export class SubmissionStatusConflictError extends ConflictError {
  override name = 'SubmissionStatusConflictError';
  constructor(
    submissionId: string,
    current: SubmissionStatus | undefined,
    needed: SubmissionStatus | readonly SubmissionStatus[],
    what: string,
  ) {
    const needs = typeof needed === 'string' ? needed : needed.join(' or ');
    const message = `Submission ${submissionId} is ${current ?? 'gone'}; only a submission in ${needs} can be ${what}`;
    super(message, [
      {
        ...gatewayProblem('submission-status', message, 'status'),
        providedValue: current,
        expectedValue: needs,
      },
    ]);
  }
}

async function existing(submissionId: string): Promise<Submission> {
  const submission = await getSubmission(submissionId);
  if (!submission) throw new NotFoundError(`No submission ${submissionId}`);
  return submission;
}

/**
 * Sends an `error` submission again: back to `received`, and a new execution of its workflow (named
 * `<id>.retry.<n>`) with the same stored document. The delivery steps decide what "again" means at the
 * provider: PensionSync gets the same documentId; for TPP the submit step reconciles any earlier request
 * whose answer was lost before it sends.
 */
export async function retrySubmission(submissionId: string, clock: Clock): Promise<Submission> {
  const submission = await existing(submissionId);
  const refuse = (current?: SubmissionStatus) =>
    new SubmissionStatusConflictError(submissionId, current, RESEND.from, 'sent again');
  if (submission.status !== RESEND.from) throw refuse(submission.status);
  const retryCount = (submission.retryCount ?? 0) + 1;
  const now = clock.now();
  const detail = `Sent again on request (retry ${retryCount})`;
  const event = statusEvent(submissionId, submission.schemeId, RESEND.to, now, clock.newId(), detail);
  const moved = await moveOrRefuse(refuse, () =>
    moveSubmission(submissionId, {
      from: [RESEND.from],
      to: RESEND.to,
      at: now,
      progress: { retryCount, retriedAt: now.toISOString() },
      detail,
      announce: event,
    }),
  );
  if (!moved) throw refuse(RESEND.to);
  await reportStatusChange(submissionId, submission.schemeId, RESEND.to);
  await publishSubmissionEvents(submissionId, moved.outbox);
  await retrySubmissionWorkflow(submissionId, retryCount);
  return existing(submissionId);
}

/**
 * Withdraws a submission still waiting in its account's queue: `cancelled`, out of the queue, never sent.
 * One that holds its account's slot is being sent, and is refused.
 */
export async function cancelSubmission(submissionId: string, clock: Clock): Promise<Submission> {
  const submission = await existing(submissionId);
  const refuse = (current?: SubmissionStatus) =>
    new SubmissionStatusConflictError(submissionId, current, 'queued', 'cancelled');
  if (submission.status !== 'queued') throw refuse(submission.status);
  const state = { submissionId, schemeId: submission.schemeId };
  await refuseWhileSending(state, 'cancelled');
  const now = clock.now();
  const detail = 'Cancelled on request';
  const event = statusEvent(submissionId, submission.schemeId, 'cancelled', now, clock.newId(), detail);
  const moved = await moveOrRefuse(refuse, () =>
    moveSubmission(submissionId, { to: 'cancelled', at: now, detail, announce: event }),
  );
  if (!moved) throw refuse('cancelled');
  await reportStatusChange(submissionId, submission.schemeId, 'cancelled');
  await leaveAccountQueue(state);
  await publishSubmissionEvents(submissionId, moved.outbox);
  return existing(submissionId);
}

/** A queued submission that holds its account's slot is being sent: a person can no longer end it. */
async function refuseWhileSending(state: { submissionId: string; schemeId: string }, what: string) {
  if (!(await holdsSlot(state))) return;
  const message = `Submission ${state.submissionId} holds its account's slot: it is being sent, and can no longer be ${what}`;
  throw new ConflictError(message, [gatewayProblem('submission-sending', message, 'status')]);
}

/** `POST /v1/submissions/{submissionId}/mark-sent`: why the period was delivered outside the gateway. */
export const markSentRequest = z.strictObject({
  reason: z
    .string()
    .check(
      z.trim(),
      z.minLength(1),
      z.maxLength(500),
      z.describe(
        'Why and how the period was delivered outside the gateway (e.g. "uploaded by hand on the provider portal").',
      ),
    ),
});

/** The answer (200): the submission's summary, as `GET /v1/submissions/{id}` shows it without history. */
/**
 * Records that payroll delivered the period by hand: `marked-sent`, the reason in its history and event.
 * From `error` or `queued` only (MARK_SENT); a queued one that holds its account's slot is being sent and
 * is refused. It leaves its account's queue, and the next waiting submission is woken. On TPP direct
 * that one goes only once TPP itself expects the next period (TPP moves on when it has processed what
 * was delivered by hand): until then it stays `queued`, and the queue watchdog starts it when TPP moves.
 */
export async function markSubmissionSent(
  submissionId: string,
  body: unknown,
  clock: Clock,
): Promise<Submission> {
  const { reason } = parsedOr400(markSentRequest, body);
  const submission = await existing(submissionId);
  const refuse = (current?: SubmissionStatus) =>
    new SubmissionStatusConflictError(submissionId, current, MARK_SENT.from, 'marked as sent');
  if (!(MARK_SENT.from as readonly SubmissionStatus[]).includes(submission.status))
    throw refuse(submission.status);
  const state = { submissionId, schemeId: submission.schemeId };
  if (submission.status === 'queued') await refuseWhileSending(state, 'marked as sent');
  const now = clock.now();
  const detail = `Marked as sent outside the gateway (was ${submission.status}): ${reason}`;
  const event = statusEvent(submissionId, submission.schemeId, MARK_SENT.to, now, clock.newId(), detail);
  const moved = await moveOrRefuse(refuse, () =>
    moveSubmission(submissionId, {
      from: MARK_SENT.from,
      to: MARK_SENT.to,
      at: now,
      detail,
      announce: event,
    }),
  );
  if (!moved) throw refuse(MARK_SENT.to);
  await reportStatusChange(submissionId, submission.schemeId, MARK_SENT.to);
  const scheme = await getScheme(submission.schemeId);
  // Out of its TPP account's queue, the slot freed if TPP is known to be free of it, the next one woken.
  if (scheme?.accountId && submission.payReferencePeriod) await releaseAccountSlot(state, clock);
  await publishSubmissionEvents(submissionId);
  return existing(submissionId);
}

/** Runs the move; a submission found elsewhere than the move starts from is refused, naming where it is. */
async function moveOrRefuse(
  refuse: (current?: SubmissionStatus) => Error,
  move: () => Promise<Moved | false>,
): Promise<Moved | false> {
  try {
    return await move();
  } catch (error) {
    if (error instanceof InvalidTransitionError) throw refuse(error.current);
    throw error;
  }
}
