/**
 * When to ask a provider again. A provider's own `nextPollAfter` wins; without one the gateway backs off
 * exponentially with full jitter, so no submission is ever polled in a tight loop.
 */
export interface BackoffPolicy {
  firstDelayMs: number;
  maxDelayMs: number;
  /** Stop asking after this long: a submission still unfinished then needs a person. */
  giveUpAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  firstDelayMs: 5_000,
  maxDelayMs: 15 * 60_000,
  giveUpAfterMs: 14 * 24 * 60 * 60_000,
};

/** The longest wait before ask number `attempt` (from 0): the first delay doubled each time, up to the max. */
export function backoffCeilingMs(attempt: number, policy: BackoffPolicy): number {
  return Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** attempt);
}

export function backoffDelayMs(attempt: number, policy: BackoffPolicy, random: () => number): number {
  // Full jitter, but never sooner than the first delay.
  return Math.max(policy.firstDelayMs, Math.round(backoffCeilingMs(attempt, policy) * random()));
}

export interface NextPollInput {
  providerNextPollAfter: string | undefined;
  attempt: number;
  now: Date;
  random: () => number;
  policy?: BackoffPolicy;
}

/**
 * Added to the provider's time: clocks differ and timers fire early (the local interpreter's by a
 * millisecond), and a poll must never come too soon. The Wait state then rounds up to a whole second
 * (domain/dates toTimestamp), so a poll comes between this margin and a second past it after the
 * provider's time; a whole second of margin on top made every poll 1-2 s late.
 */
export const POLL_MARGIN_MS = 250;

export function nextPollAt({
  providerNextPollAfter,
  attempt,
  now,
  random,
  policy = DEFAULT_BACKOFF,
}: NextPollInput): Date {
  const providerTime = providerNextPollAfter ? Date.parse(providerNextPollAfter) : Number.NaN;
  if (Number.isFinite(providerTime)) return new Date(Math.max(providerTime + POLL_MARGIN_MS, now.getTime()));
  return new Date(now.getTime() + backoffDelayMs(attempt, policy, random));
}

/** Polling ran past the policy's deadline: the submission needs a person. */
export class PollingExpiredError extends Error {
  override name = 'PollingExpiredError';
}

export function pollingExpired(
  submittedAt: string,
  now: Date,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
): boolean {
  return now.getTime() - Date.parse(submittedAt) > policy.giveUpAfterMs;
}
