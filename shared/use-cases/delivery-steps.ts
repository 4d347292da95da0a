import { toTimestamp } from '#domain/dates';
import { nextPollAt, PollingExpiredError, pollingExpired } from '#domain/poll-schedule';
import type { Problem } from '#domain/problems';
import { canMoveTo } from '#domain/submission-status';
import { addLogIds } from '#observability/logger';
import { documentKeys, putDocument } from '#store/documents';
import {
  type Alongside,
  type AttemptRecord,
  recordAttempt,
  recordProgress,
  type Submission,
} from '#store/submissions';
import { transitionSubmission } from './submission-lifecycle.ts';

/**
 * What the two delivery routes (TPP direct, PensionSync) do alike around their provider's calls: record
 * that the provider took a submission, keep each poll and time the next, and keep the provider's errors.
 */
export interface DeliveryState {
  submissionId: string;
  schemeId: string;
  submittedAt?: string;
  nextPollAfter?: string;
  pollCount?: number;
}

/** The workflow's fields once the provider holds the submission; each route names the reference its own way. */
export interface Submitted {
  providerReference: string;
  submittedAt: string;
  nextPollAfter: string;
  pollCount: 0;
}

/** What a retried submit step finds when the provider took the submission already, so it is not sent twice. */
export function alreadySubmitted(submission: Submission): Submitted | undefined {
  const { providerReference, nextPollAfter } = submission;
  if (!providerReference || !nextPollAfter) return undefined;
  return { providerReference, submittedAt: submission.updatedAt, nextPollAfter, pollCount: 0 };
}

/**
 * What a submit step does first: when the provider already holds the submission (a retried step, or a
 * retry on request after the provider took it), follow that instead of sending again, and say so again in
 * the submission's status if a retry moved it back.
 */
export async function resumeSubmitted(
  state: DeliveryState,
  submission: Submission,
  now: Date,
): Promise<Submitted | undefined> {
  const resumed = alreadySubmitted(submission);
  if (resumed && canMoveTo(submission.status, 'submitted')) {
    await transitionSubmission(state.submissionId, state.schemeId, {
      to: 'submitted',
      at: now,
      detail: `Following the provider's reference ${resumed.providerReference}, taken before`,
    });
  }
  return resumed;
}

/** The provider took the submission: `submitted`, with its reference and the first poll's time. */
export async function recordSubmitted(
  state: DeliveryState,
  now: Date,
  sent: { providerReference: string; providerStatus?: string; providerNextPollAfter?: string },
  alongside: Alongside = {},
): Promise<Submitted> {
  const { providerReference, providerStatus, providerNextPollAfter } = sent;
  addLogIds({ providerReference });
  const nextPollAfter = toTimestamp(
    nextPollAt({ providerNextPollAfter, attempt: 0, now, random: Math.random }),
  );
  await transitionSubmission(state.submissionId, state.schemeId, {
    to: 'submitted',
    at: now,
    progress: { providerReference, providerStatus, nextPollAfter },
    ...alongside,
  });
  return { providerReference, submittedAt: now.toISOString(), nextPollAfter, pollCount: 0 };
}

/** The provider's reference and the submit time, which every step after the submit needs. */
export function requireSubmitted(
  state: DeliveryState,
  reference: string | undefined,
  what: string,
): { reference: string; submittedAt: string } {
  if (!reference || !state.submittedAt) {
    throw new Error(`workflow state for ${state.submissionId} lacks the ${what}`);
  }
  return { reference, submittedAt: state.submittedAt };
}

/**
 * Keeps what a poll learned (`accepted` and `processed` as status changes, anything else as progress) and
 * says when to ask next. An unfinished submission whose next poll would fall past the deadline goes to a
 * person instead.
 */
export async function recordPoll<P extends string>(
  state: DeliveryState,
  now: Date,
  poll: {
    submittedAt: string;
    progress: P;
    providerStatus: string;
    providerNextPollAfter?: string;
    /** Why a person must look, should polling run out of time. */
    overdue: string;
    /** The poll's own history entry, kept in the same write. */
    attempt?: AttemptRecord;
  },
): Promise<{ progress: P; nextPollAfter: string; pollCount: number }> {
  const { progress, providerStatus, providerNextPollAfter } = poll;
  const attempts = poll.attempt ? [poll.attempt] : [];
  const pollCount = (state.pollCount ?? 0) + 1;
  const nextPoll = nextPollAt({ providerNextPollAfter, attempt: pollCount, now, random: Math.random });
  // Past accepted (processed, validated, failed) is an end.
  const finished = progress !== 'pending' && progress !== 'accepted';
  // Judged on the next poll, not now, so no wait ever runs past the deadline (or the state machine's timeout).
  if (!finished && pollingExpired(poll.submittedAt, nextPoll)) {
    for (const attempt of attempts) await recordAttempt(state.submissionId, attempt);
    throw new PollingExpiredError(poll.overdue);
  }
  const nextPollAfter = toTimestamp(nextPoll);
  const recorded = { providerStatus, nextPollAfter, pollCount };
  // `accepted`, and `processed` too: the poll that learns it makes the move in the write that keeps the poll,
  // where a step after it (RecordProcessed) would write the submission a second time.
  const move = (['accepted', 'processed'] as const).find((status) => status === progress);
  if (move) {
    await transitionSubmission(state.submissionId, state.schemeId, {
      to: move,
      at: now,
      progress: recorded,
      attempts,
    });
  } else {
    await recordProgress(state.submissionId, now, recorded, attempts);
  }
  return { progress, nextPollAfter, pollCount };
}

/** Keeps the provider's errors for the API to show; the workflow carries only their count. */
export async function keepProviderErrors(submissionId: string, problems: Problem[]): Promise<number> {
  await putDocument(documentKeys.providerErrors(submissionId), JSON.stringify(problems));
  return problems.length;
}
