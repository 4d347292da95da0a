import { RESEND, type SubmissionStatus } from '#domain/submission-status';
import { ConflictError, gatewayProblem, NotFoundError } from '#http/problems';
import {
  getSubmission,
  InvalidTransitionError,
  type Moved,
  moveSubmission,
  moveSubmissionFrom,
  type Submission,
} from '#store/submissions';
import { retrySubmissionWorkflow } from '#store/workflows';
import { holdsSlot, leaveAccountQueue } from './account-slot.ts';
import type { Clock } from './clock.ts';
import { publishSubmissionEvents, statusEvent } from './submission-lifecycle.ts';

/**
 * What payroll may ask of a submission after accepting it: send an `error` again, or withdraw one still
 * `queued`. Each is one conditional write (with its event in the submission's outbox), so two requests
 * racing cannot both succeed, and anything else is refused naming where the submission stands.
 */

/** The submission is not in the status the request needs. */
export class SubmissionStatusConflictError extends ConflictError {
  override name = 'SubmissionStatusConflictError';
  constructor(
    submissionId: string,
    current: SubmissionStatus | undefined,
    needed: SubmissionStatus,
    what: string,
  ) {
    const message = `Submission ${submissionId} is ${current ?? 'gone'}; only a submission in ${needed} can be ${what}`;
    super(message, [
      {
        ...gatewayProblem('submission-status', message, 'status'),
        providedValue: current,
        expectedValue: needed,
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
    moveSubmissionFrom(
      [RESEND.from],
      submissionId,
      RESEND.to,
      now,
      { retryCount, retriedAt: now.toISOString() },
      detail,
      event,
    ),
  );
  if (!moved) throw refuse(RESEND.to);
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
  if (await holdsSlot(state)) {
    const message = `Submission ${submissionId} holds its account's slot: it is being sent, and can no longer be cancelled`;
    throw new ConflictError(message, [gatewayProblem('submission-sending', message, 'status')]);
  }
  const now = clock.now();
  const detail = 'Cancelled on request';
  const event = statusEvent(submissionId, submission.schemeId, 'cancelled', now, clock.newId(), detail);
  const moved = await moveOrRefuse(refuse, () =>
    moveSubmission(submissionId, 'cancelled', now, {}, detail, event),
  );
  if (!moved) throw refuse('cancelled');
  await leaveAccountQueue(state);
  await publishSubmissionEvents(submissionId, moved.outbox);
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
