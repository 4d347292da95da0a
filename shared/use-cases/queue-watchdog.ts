import { allQueued } from '#store/account-queue';
import { getScheme } from '#store/schemes';
import type { Clock } from './clock.ts';
import { type WakeResult, wakeAccountQueue } from './queue-wake.ts';
import { refreshDetailsOf } from './scheme-details.ts';

export type WatchdogSummary = Record<WakeResult | 'unreadable', number>;

/**
 * The periodic backstop for lost wake-ups: for every TPP account with submissions waiting, read what TPP
 * expects now and start the queue's head if it is due and the account is free. An account TPP cannot be
 * asked about now is left for the next run.
 */
export async function restartDueQueues(clock: Clock): Promise<WatchdogSummary> {
  const summary: WatchdogSummary = { empty: 0, busy: 0, started: 0, waiting: 0, unreadable: 0 };
  const schemeByAccount = new Map<string, string>();
  for (const queued of await allQueued()) schemeByAccount.set(queued.accountKey, queued.schemeId);
  for (const schemeId of schemeByAccount.values()) {
    const scheme = await getScheme(schemeId);
    if (!scheme) continue;
    let result: WakeResult | 'unreadable';
    try {
      result = await wakeAccountQueue(await refreshDetailsOf(scheme, clock), clock, { periodKnown: true });
    } catch {
      result = 'unreadable';
    }
    summary[result] += 1;
  }
  return summary;
}
