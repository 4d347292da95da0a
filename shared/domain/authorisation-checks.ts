import { type BackoffPolicy, backoffCeilingMs } from './poll-schedule.ts';

/**
 * How often to ask PensionSync whether a customer has authorised a scheme link. Authorising usually takes
 * minutes and can take an hour or more, so checks start often and slow down to one a day; after two weeks
 * the workflow stops and the daily scheme sync keeps looking.
 */
export const AUTHORISATION_CHECKS: BackoffPolicy = {
  firstDelayMs: 60_000,
  maxDelayMs: 24 * 60 * 60_000,
  giveUpAfterMs: 14 * 24 * 60 * 60_000,
};

/**
 * The wait before check number `attempt` (from 0). The ceiling doubles each time and the jitter only uses
 * its upper half (none once capped), so waits never shrink from one check to the next while the checks of
 * a bureau's bulk link still spread out.
 */
export function authorisationCheckDelayMs(
  attempt: number,
  random: () => number,
  policy: BackoffPolicy = AUTHORISATION_CHECKS,
): number {
  const ceiling = backoffCeilingMs(attempt, policy);
  const floor = ceiling === policy.maxDelayMs ? ceiling : Math.max(policy.firstDelayMs, ceiling / 2);
  return Math.round(floor + (ceiling - floor) * random());
}

/** When the next check is due, or undefined when it would fall past the policy's deadline. */
export function nextAuthorisationCheck(
  linkedAt: Date,
  attempt: number,
  now: Date,
  random: () => number,
  policy: BackoffPolicy = AUTHORISATION_CHECKS,
): Date | undefined {
  const next = new Date(now.getTime() + authorisationCheckDelayMs(attempt, random, policy));
  return next.getTime() - linkedAt.getTime() > policy.giveUpAfterMs ? undefined : next;
}
