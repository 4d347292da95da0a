import { env } from '#config';
import { paymentDeadline } from '#domain/outage-retry';
import { METRIC, publishMetrics } from '#observability/metrics';
import { allQueued, type QueuedSubmission } from '#store/account-queue';
import { getScheme } from '#store/schemes';
import type { Clock } from './clock.ts';
import { type WakeResult, wakeAccountQueue } from './queue-wake.ts';
import { refreshDetailsOf, tppAccountDetails } from './scheme-details.ts';

export type WatchdogSummary = Record<WakeResult | 'unreadable', number> & {
  /** Submissions found queued past their payment deadline (SubmissionsQueuedPastDue). */
  pastDue: number;
};

/**
 * The periodic backstop for lost wake-ups: for every TPP account with submissions waiting, read what TPP
 * expects now and start the queue's head if it is due and the account is free. An account TPP cannot be
 * asked about now is left for the next run. Every sweep publishes how many waiting submissions are past
 * their payment deadline, zero included, so the SubmissionsQueuedPastDue alarm also returns to OK.
 */
export async function restartDueQueues(clock: Clock): Promise<WatchdogSummary> {
  const summary: WatchdogSummary = { empty: 0, busy: 0, started: 0, waiting: 0, unreadable: 0, pastDue: 0 };
  const queued = await allQueued();
  const deadlineDays = queued.length > 0 ? env.paymentDeadlineDays() : {};
  const byAccount = new Map<string, QueuedSubmission[]>();
  for (const entry of queued)
    byAccount.set(entry.accountKey, [...(byAccount.get(entry.accountKey) ?? []), entry]);
  for (const waiting of byAccount.values()) {
    const [head] = waiting;
    const scheme = head && (await getScheme(head.schemeId));
    if (!scheme) continue;
    summary.pastDue += countPastDue(waiting, deadlineDays[scheme.provider], clock.now());
    let result: WakeResult | 'unreadable';
    try {
      result = await wakeAccountQueue(await refreshDetailsOf(scheme, clock, tppAccountDetails), clock, {
        periodKnown: true,
      });
    } catch {
      result = 'unreadable';
    }
    summary[result] += 1;
  }
  publishMetrics({ [METRIC.submissionsQueuedPastDue]: { value: summary.pastDue, unit: 'Count' } });
  return summary;
}

/** How many waiting submissions are past their period's payment deadline (`day` of the month after). */
export function countPastDue(
  waiting: Pick<QueuedSubmission, 'period'>[],
  deadlineDay: number | undefined,
  now: Date,
): number {
  return waiting.filter((entry) => paymentDeadline(entry.period.end, deadlineDay).getTime() <= now.getTime())
    .length;
}
