/**
 * How long to wait out a provider that is unavailable (throttling, 5xx, timeouts, resets): a growing
 * backoff with jitter, the provider's own `Retry-After` when it gives one, and never past the payment
 * deadline, after which a person must decide. Pure: the caller gives the clock and the randomness.
 */
export interface OutagePolicy {
  /** The first wait; each further attempt doubles the ceiling. */
  baseDelayMs: number;
  /** No single wait is longer than this. */
  maxDelayMs: number;
}

export const DEFAULT_OUTAGE_POLICY: OutagePolicy = { baseDelayMs: 30_000, maxDelayMs: 30 * 60_000 };

/** The day of the month after the period's end by which the provider must have the contributions. */
export const DEFAULT_PAYMENT_DEADLINE_DAY = 22;

/**
 * The payment deadline for a pay period: the end (UTC) of `day` of the month after the period ends
 * (TPP: the 22nd). A day past the month's length is the month's last day.
 */
export function paymentDeadline(periodEnd: string, day = DEFAULT_PAYMENT_DEADLINE_DAY): Date {
  const end = new Date(`${periodEnd}T00:00:00Z`);
  const year = end.getUTCFullYear();
  const month = end.getUTCMonth() + 1;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(day, lastDay) + 1));
}

export interface OutageRetryInput {
  now: Date;
  /** Which retry this is, from 1. */
  attempt: number;
  /** The provider's `Retry-After`, in seconds, when it sent one. */
  retryAfterSeconds?: number;
  deadline: Date;
  random: () => number;
  policy?: OutagePolicy;
}

/**
 * When to try again, or undefined when the retry would fall past the deadline. The wait is at least
 * half the doubling ceiling (jitter spreads the rest) and never shorter than `Retry-After`.
 */
export function nextOutageRetry({
  now,
  attempt,
  retryAfterSeconds,
  deadline,
  random,
  policy = DEFAULT_OUTAGE_POLICY,
}: OutageRetryInput): Date | undefined {
  if (now.getTime() >= deadline.getTime()) return undefined;
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.round(ceiling / 2 + (ceiling / 2) * random());
  const providerAsked = retryAfterSeconds && retryAfterSeconds > 0 ? retryAfterSeconds * 1000 : 0;
  const retryAt = new Date(now.getTime() + Math.max(jittered, providerAsked));
  return retryAt.getTime() < deadline.getTime() ? retryAt : undefined;
}

/** A `Retry-After` header as seconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterSeconds(header: string | null | undefined, now: Date): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (!Number.isFinite(at)) return undefined;
  return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}

/** The provider stayed unavailable until the payment deadline left no time to try again: a person decides. */
export class OutageOutlastedDeadlineError extends Error {
  override name = 'OutageOutlastedDeadlineError';
}
