import { dequeue, enqueue, queuedFor, releaseSlot, takeSlot } from '#store/account-queue';
import { getScheme, type Scheme } from '#store/schemes';
import { countResume, getSubmission, type Submission } from '#store/submissions';
import { resumeSubmissionWorkflow } from '#store/workflows';
import type { Clock } from './clock.ts';
import { refreshDetailsOf } from './scheme-details.ts';
import { transitionSubmission } from './submission-lifecycle.ts';

/**
 * One contributions request in flight per TPP account, periods in order. A submission joins its
 * account's queue; it is sent only when it is the earliest waiting, its period is the one TPP expects
 * next, and it wins the account's slot. Otherwise it is `queued` and its execution ends: whoever frees
 * the slot starts it again, so nothing polls while it waits.
 */
export interface SlotState {
  submissionId: string;
  schemeId: string;
  slot?: 'acquired' | 'queued';
}

const accountKey = (scheme: Scheme) => `TPP#${scheme.accountId}`;

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

export async function acquireSlot<S extends SlotState>(state: S, clock: Clock): Promise<S> {
  const { submission, scheme } = await load(state);
  const key = accountKey(scheme);
  const period = submission.payReferencePeriod;
  if (!period)
    throw new Error(`submission ${state.submissionId} has no pay period: its upload was never checked`);
  const entry = { accountKey: key, submissionId: submission.submissionId, period };
  await enqueue({ ...entry, schemeId: scheme.schemeId, queuedAt: submission.createdAt });
  const [earliest] = await queuedFor(key);
  // Read before each submission: the period TPP expects next moves on as earlier periods are processed.
  const details = (await refreshDetailsOf(scheme, clock)).details;
  const expected = (details?.nextPayReferencePeriod as { start?: string } | undefined)?.start;
  const isNext =
    earliest?.submissionId === submission.submissionId && (!expected || expected === period.start);
  if (isNext && (await takeSlot(key, submission.submissionId, clock.now()))) {
    await dequeue(entry);
    return { ...state, slot: 'acquired' };
  }
  const reason = isNext
    ? 'another submission for this account is in flight'
    : `waiting for the period before ${period.start}`;
  await transitionSubmission(submission.submissionId, scheme.schemeId, 'queued', clock.now(), {}, reason);
  return { ...state, slot: 'queued' };
}

/** Every end path: give the slot back and start the earliest waiting submission, which decides for itself. */
export async function releaseSlotAndWakeNext<S extends SlotState>(state: S): Promise<S> {
  const { submission, scheme } = await load(state);
  const key = accountKey(scheme);
  // An upload that stopped before its checks passed has no period, and never joined the queue.
  const period = submission.payReferencePeriod;
  if (period) await dequeue({ accountKey: key, submissionId: submission.submissionId, period });
  await releaseSlot(key, submission.submissionId);
  const [next] = await queuedFor(key);
  if (next) await resumeSubmissionWorkflow(next.submissionId, await countResume(next.submissionId));
  return state;
}
