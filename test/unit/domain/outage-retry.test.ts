import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextOutageRetry, paymentDeadline, retryAfterSeconds } from '#domain/outage-retry';

const now = new Date('2026-11-10T12:00:00.000Z');
const policy = { baseDelayMs: 30_000, maxDelayMs: 1_800_000 };
const far = new Date('2026-12-22T00:00:00Z');
const unitInterval = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

describe('paymentDeadline', () => {
  it('is the end of the 22nd of the month after the period ends', () => {
    expect(paymentDeadline('2026-11-08').toISOString()).toBe('2026-12-23T00:00:00.000Z');
    expect(paymentDeadline('2026-12-31').toISOString()).toBe('2027-01-23T00:00:00.000Z');
  });

  it('takes another day per provider, and a day past the month’s end as its last day', () => {
    expect(paymentDeadline('2026-11-08', 19).toISOString()).toBe('2026-12-20T00:00:00.000Z');
    expect(paymentDeadline('2027-01-31', 31).toISOString()).toBe('2027-03-01T00:00:00.000Z');
  });
});

describe('nextOutageRetry', () => {
  it('grows with each attempt, between half and all of the doubling ceiling', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), unitInterval, (attempt, r) => {
        const at = nextOutageRetry({ now, attempt, deadline: far, random: () => r, policy });
        const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
        const wait = (at?.getTime() ?? 0) - now.getTime();
        expect(wait).toBeGreaterThanOrEqual(ceiling / 2);
        expect(wait).toBeLessThanOrEqual(ceiling);
      }),
    );
    const wait = (attempt: number) =>
      (nextOutageRetry({ now, attempt, deadline: far, random: () => 0.5, policy })?.getTime() ?? 0) -
      now.getTime();
    expect(wait(2)).toBeGreaterThan(wait(1));
    expect(wait(30)).toBe(wait(40));
  });

  it('never waits less than the provider’s Retry-After', () => {
    const at = nextOutageRetry({
      now,
      attempt: 1,
      retryAfterSeconds: 600,
      deadline: far,
      random: () => 0,
      policy,
    });
    expect(at?.toISOString()).toBe('2026-11-10T12:10:00.000Z');
  });

  it('gives up when the retry would fall past the deadline, or the deadline has passed', () => {
    const soon = new Date(now.getTime() + 60_000);
    expect(nextOutageRetry({ now, attempt: 1, deadline: soon, random: () => 0.5, policy })).toBeDefined();
    expect(nextOutageRetry({ now, attempt: 5, deadline: soon, random: () => 0.5, policy })).toBeUndefined();
    expect(
      nextOutageRetry({ now, attempt: 1, retryAfterSeconds: 120, deadline: soon, random: () => 0, policy }),
    ).toBeUndefined();
    expect(nextOutageRetry({ now, attempt: 1, deadline: now, random: () => 0, policy })).toBeUndefined();
  });
});

describe('retryAfterSeconds', () => {
  it('reads delta-seconds and HTTP dates, and nothing else', () => {
    expect(retryAfterSeconds('120', now)).toBe(120);
    expect(retryAfterSeconds('Tue, 10 Nov 2026 12:01:30 GMT', now)).toBe(90);
    expect(retryAfterSeconds('Tue, 10 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(retryAfterSeconds('soon', now)).toBeUndefined();
    expect(retryAfterSeconds(null, now)).toBeUndefined();
  });
});
