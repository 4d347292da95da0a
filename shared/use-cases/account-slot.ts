import type { SubmissionStatus } from '#domain/submission-status';
import {
  dequeue,
  enqueue,
  isQueued,
  queueHead,
  queuesBefore,
  releaseSlot,
  slotHolder,
  takeSlot,
} from '#store/account-queue';
import { getScheme, type Scheme } from '#store/schemes';
import { clearResumeClaim, getSubmission, type Submission, setWaitingFor } from '#store/submissions';
import type { Clock } from './clock.ts';
import { accountKeyOf, expectedPeriodOf, noteWaitingFor, wakeAccountQueue } from './queue-wake.ts';
import { refreshDetailsOf, tppAccountDetails } from './scheme-details.ts';
import { transitionSubmission } from './submission-lifecycle.ts';

/**
 * One contributions request in flight per TPP account, periods in order. A submission joins its
 * account's queue; it is sent only when it is the earliest waiting, its period is the one TPP expects
 * next, and it wins the account's slot. Otherwise it is `queued` and its execution ends: a freed slot, a
 * change of TPP's expected period or the queue watchdog starts it again, so nothing polls while it waits.
 */
export interface SlotState {
  submissionId: string;
  schemeId: string;
  slot?: 'acquired' | 'queued' | 'cancelled' | 'superseded';
  /** Once acquired: the scheme's TPP connection and account, for the steps after. */
  connectionId?: string;
  accountId?: string;
}

/** Ends reached only through TPP, so only after taking the account's slot. */
const SENT_AND_ENDED: SubmissionStatus[] = ['processed', 'failed'];

const accountKey = (scheme: Scheme) => accountKeyOf(scheme.accountId as string);

type PeriodKnown = Submission & Required<Pick<Submission, 'payReferencePeriod'>>;

async function load(state: SlotState): Promise<{ submission: PeriodKnown; scheme: Scheme }> {
  const [submission, scheme] = await Promise.all([
    getSubmission(state.submissionId),
    getScheme(state.schemeId),
  ]);
  if (!submission || !scheme?.accountId)
    throw new Error(`submission ${state.submissionId} has no TPP account`);
  if (!submission.payReferencePeriod)
    throw new Error(`submission ${state.submissionId} has no pay period: its upload was never checked`);
  return { submission: submission as PeriodKnown, scheme };
}

/**
 * TPP's account, read since the submission was accepted (its pre-flight read it), already expects the
 * submission's period: asking again would say the same, since TPP moves past a period only once it is
 * delivered, and this submission has not been. Any other answer (an earlier period, none) is read again.
 */
function expectedSinceAccepted(scheme: Scheme, submission: PeriodKnown): boolean {
  const readAt = scheme.detailsReadAt;
  return (
    readAt !== undefined &&
    readAt >= submission.createdAt &&
    expectedPeriodOf(scheme)?.start === submission.payReferencePeriod.start
  );
}

export async function acquireSlot<S extends SlotState>(state: S, clock: Clock): Promise<S> {
  const { submission, scheme } = await load(state);
  // Withdrawn while its wake-up was on the way: it takes no place and its execution ends.
  if (submission.status === 'cancelled') return { ...state, slot: 'cancelled' };
  // Another execution of this submission (a second wake-up) took it further: that one delivers it.
  if (submission.status !== 'received' && submission.status !== 'queued')
    return { ...state, slot: 'superseded' };
  const key = accountKey(scheme);
  const period = submission.payReferencePeriod;
  if (!period)
    throw new Error(`submission ${state.submissionId} has no pay period: its upload was never checked`);
  const entry = { accountKey: key, submissionId: submission.submissionId, period };
  // The head first: a submission that would lead the queue and wins the slot at once never joins it (one
  // write, not a join, a slot and a leave). One that does not win it joins before it says `queued`, and then
  // looks for a freed slot's wake-up it missed, as one that joined first would.
  const head = await queueHead(key);
  const waiting = head?.submissionId === submission.submissionId;
  const isEarliest = waiting || !head || queuesBefore(entry, head);
  // Only the earliest asks TPP which period it expects next (it moves on as earlier periods are processed):
  // one behind it makes no provider call, and is started again only once it is the earliest.
  const current =
    isEarliest && !expectedSinceAccepted(scheme, submission)
      ? await refreshDetailsOf(scheme, clock, tppAccountDetails)
      : scheme;
  const expected = expectedPeriodOf(current);
  const isNext = isEarliest && (!expected || expected.start === period.start);
  if (isNext && (await takeSlot(key, submission.submissionId, clock.now()))) {
    if (waiting) await dequeue(entry);
    if (submission.waitingFor) await setWaitingFor(submission.submissionId, undefined);
    // The scheme's TPP connection and account (ids it keeps for life): the submit step need not read it.
    return { ...state, slot: 'acquired', connectionId: scheme.connectionId, accountId: scheme.accountId };
  }
  if (!waiting) await enqueue({ ...entry, schemeId: scheme.schemeId, queuedAt: submission.createdAt });
  const reason = isNext
    ? 'another submission for this account is in flight'
    : `waiting for the period before ${period.start}`;
  await transitionSubmission(submission.submissionId, scheme.schemeId, {
    to: 'queued',
    at: clock.now(),
    detail: reason,
  });
  // Back in the queue and this execution ends: the next wake-up may start it again. Cleared only now, so no
  // second execution starts while this one may still be taking the slot.
  await clearResumeClaim(submission.submissionId);
  if (isEarliest && expected && expected.start < period.start)
    await noteWaitingFor(submission, expected, clock);
  // A slot freed while this submission was still `received` could not restart it (only a queued one can be
  // claimed): look once more now that it is queued, so that wake-up is not lost until the watchdog's round.
  // A wake-up starts only the earliest, so one behind another (still so now) has nothing to look for.
  const earliestNow = isEarliest || (await queueHead(key))?.submissionId === submission.submissionId;
  if (earliestNow) await wakeAccountQueue(current, clock, { periodKnown: isEarliest });
  return { ...state, slot: 'queued' };
}

/**
 * Every end path: leave the queue, give the slot back once TPP is known to be free (not while a POST of
 * this submission is unanswered: TPP may still be working on it), and start the earliest waiting
 * submission, which decides for itself.
 */
export async function releaseAccountSlot<S extends SlotState>(state: S, clock: Clock): Promise<S> {
  const { submission, scheme } = await load(state);
  const key = accountKey(scheme);
  // An upload that stopped before its checks passed has no period, and never joined the queue. One that
  // reached TPP (processed, failed) left the queue when it took the slot; a stray entry of an ended
  // submission is dropped by the next wake-up anyway.
  const period = submission.payReferencePeriod;
  if (period && !SENT_AND_ENDED.includes(submission.status))
    await dequeue({ accountKey: key, submissionId: submission.submissionId, period });
  if (!submission.unansweredPostAt) await releaseSlot(key, submission.submissionId);
  await wakeAccountQueue(scheme, clock, { periodKnown: false });
  return state;
}

/** Whether the submission holds its account's slot: it is being sent. */
export async function holdsSlot(state: SlotState): Promise<boolean> {
  const { scheme } = await load(state);
  return (await slotHolder(accountKey(scheme)))?.holder === state.submissionId;
}

/** Whether the submission still holds its account's slot or waits in its queue: what a dead execution may leave. */
export async function holdsAccountPlace(state: SlotState): Promise<boolean> {
  if (await holdsSlot(state)) return true;
  const { submission, scheme } = await load(state);
  return isQueued({
    accountKey: accountKey(scheme),
    submissionId: submission.submissionId,
    period: submission.payReferencePeriod,
  });
}

/** Takes a withdrawn submission out of its account's queue, so it holds up no later period. */
export async function leaveAccountQueue(state: SlotState): Promise<void> {
  const { submission, scheme } = await load(state);
  await dequeue({
    accountKey: accountKey(scheme),
    submissionId: submission.submissionId,
    period: submission.payReferencePeriod,
  });
}
