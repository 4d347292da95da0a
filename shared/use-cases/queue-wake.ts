import { isFinal, MARK_SENT } from '#domain/submission-status';
import { dequeue, queueHead, releaseSlot, slotHolder } from '#store/account-queue';
import { publishEvent } from '#store/events';
import type { Scheme } from '#store/schemes';
import {
  checkedPeriod,
  claimResume,
  getSubmission,
  type Submission,
  setWaitingFor,
  submissionPeriods,
} from '#store/submissions';
import { resumeSubmissionWorkflow } from '#store/workflows';
import type { Clock } from './clock.ts';

/**
 * Starting an account's queue again. Several things may: a slot given back, TPP's expected period moving
 * (a refresh, the scheduled scheme sync), and the queue watchdog; a claim on the submission makes sure the
 * head is started once however many of them try.
 */
export const accountKeyOf = (accountId: string) => `TPP#${accountId}`;

/**
 * A restart claim older than this is taken for a dead start and may be claimed again. Longer than the
 * longest wait out of a provider outage (PROVIDER_RETRY_MAX_SECONDS, 30 minutes) that a restarted
 * execution may spend before it takes the slot, so a live restart is never doubled.
 */
const RESUME_CLAIM_LAPSES_MS = 40 * 60_000;

type Period = { start: string; end: string };

export function expectedPeriodOf(scheme: Scheme): Period | undefined {
  const next = scheme.details?.nextPayReferencePeriod as Partial<Period> | undefined;
  return next?.start && next.end ? { start: next.start, end: next.end } : undefined;
}

/**
 * Frees a slot whose holder has ended, once TPP is known to be free of it: the holder was answered (or
 * never sent), or TPP's expected period moved past it. A holder still on its way keeps the slot.
 */
async function freeIfDone(accountKey: string, scheme: Scheme): Promise<boolean> {
  const slot = await slotHolder(accountKey);
  if (!slot) return true;
  const holder = await getSubmission(slot.holder);
  if (holder && !isFinal(holder.status)) return false;
  const expected = expectedPeriodOf(scheme);
  const tppMovedOn =
    holder?.payReferencePeriod && expected && expected.start > holder.payReferencePeriod.start;
  if (holder?.unansweredPostAt && !tppMovedOn) return false;
  await releaseSlot(accountKey, slot.holder);
  return true;
}

export type WakeResult = 'empty' | 'busy' | 'started' | 'waiting';

/**
 * Starts the earliest queued submission of a TPP account when the slot is free. With `periodKnown`, the
 * scheme's details are fresh from TPP: a head that is not the expected period is not started, and if
 * nothing is delivering the expected period the head says what it waits for.
 */
export async function wakeAccountQueue(
  scheme: Scheme,
  clock: Clock,
  { periodKnown }: { periodKnown: boolean },
): Promise<WakeResult> {
  if (!scheme.accountId) return 'empty';
  const key = accountKeyOf(scheme.accountId);
  for (;;) {
    const head = await queueHead(key);
    if (!head) return 'empty';
    const submission = await getSubmission(head.submissionId);
    // An entry left by a submission that ended some other way (cancelled, recorded dead) is dropped.
    if (!submission || isFinal(submission.status)) {
      await dequeue(head);
      continue;
    }
    if (!(await freeIfDone(key, scheme))) return 'busy';
    const expected = expectedPeriodOf(scheme);
    if (periodKnown && expected && expected.start !== head.period.start) {
      if (expected.start < head.period.start) await noteWaitingFor(submission, expected, clock);
      return 'waiting';
    }
    const resume = await claimResume(head.submissionId, clock.now(), RESUME_CLAIM_LAPSES_MS);
    if (resume !== undefined) await resumeSubmissionWorkflow(head.submissionId, resume, scheme);
    return 'started';
  }
}

/**
 * A queued submission whose account expects an earlier period that nothing is delivering (it failed, or
 * was never sent) says so, on the submission and once as an event: only payroll can send that period.
 * A period the gateway has on its way, has seen processed (TPP's account may lag) or was marked sent by hand
 * (TPP has not moved on yet), is not waited for.
 */
export async function noteWaitingFor(submission: Submission, expected: Period, clock: Clock): Promise<void> {
  if (submission.waitingFor?.start === expected.start) return;
  const coming = (await submissionPeriods(submission.schemeId)).some(
    (other) =>
      other.payReferencePeriod?.start === expected.start &&
      (!isFinal(other.status) || other.status === 'processed' || other.status === MARK_SENT.to),
  );
  if (coming) return;
  await setWaitingFor(submission.submissionId, expected);
  await publishEvent('Submission Waiting For Period', {
    submissionId: submission.submissionId,
    schemeId: submission.schemeId,
    payReferencePeriod: checkedPeriod(submission),
    waitingFor: expected,
    at: clock.now().toISOString(),
  });
}
