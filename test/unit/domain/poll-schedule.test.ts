import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toTimestamp } from '#domain/dates';
import {
  type BackoffPolicy,
  backoffDelayMs,
  DEFAULT_BACKOFF,
  nextPollAt,
  POLL_MARGIN_MS,
  pollingExpired,
} from '#domain/poll-schedule';

const policy: BackoffPolicy = { firstDelayMs: 1_000, maxDelayMs: 60_000, giveUpAfterMs: 3_600_000 };
const now = new Date('2026-11-08T12:00:00.000Z');
const unitInterval = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

describe('nextPollAt', () => {
  it("takes the provider's nextPollAfter, plus the safety margin, when it is in the future", () => {
    const at = nextPollAt({
      providerNextPollAfter: '2026-11-08T12:00:30.000Z',
      attempt: 5,
      now,
      random: () => 0.99,
      policy,
    });
    expect(at.toISOString()).toBe('2026-11-08T12:00:30.250Z');
  });

  it("takes the provider's nextPollAfter even when it is later than the backoff ceiling", () => {
    const at = nextPollAt({
      providerNextPollAfter: '2026-11-08T14:00:00Z',
      attempt: 0,
      now,
      random: () => 0,
      policy,
    });
    expect(at.toISOString()).toBe('2026-11-08T14:00:00.250Z');
  });

  it("has the Wait end after the provider's time by the margin, and less than a second past it", () => {
    expect(POLL_MARGIN_MS).toBeGreaterThan(0);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), (aheadMs) => {
        const provider = now.getTime() + aheadMs;
        const at = nextPollAt({
          providerNextPollAfter: new Date(provider).toISOString(),
          attempt: 0,
          now,
          random: Math.random,
        });
        // As the Wait state sees it: whole seconds, rounded up.
        const waitEnds = Date.parse(toTimestamp(at));
        expect(waitEnds - provider).toBeGreaterThanOrEqual(POLL_MARGIN_MS);
        expect(waitEnds - provider).toBeLessThan(POLL_MARGIN_MS + 1_000);
      }),
    );
  });

  it('never returns a time earlier than now when the provider gives one in the past', () => {
    const at = nextPollAt({
      providerNextPollAfter: '2026-11-08T11:00:00.000Z',
      attempt: 3,
      now,
      random: () => 0.5,
      policy,
    });
    expect(at.getTime()).toBe(now.getTime());
  });

  it('never returns a time earlier than now for any provider time', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e10, max: 1e10 }), (offsetMs) => {
        const provider = new Date(now.getTime() + offsetMs).toISOString();
        const at = nextPollAt({ providerNextPollAfter: provider, attempt: 0, now, random: Math.random });
        expect(at.getTime()).toBe(Math.max(now.getTime(), Date.parse(provider) + POLL_MARGIN_MS));
      }),
    );
  });

  it.each([
    ['absent', undefined],
    ['empty', ''],
    ['unparseable', 'soon'],
  ])('backs off when the provider time is %s', (_label, providerNextPollAfter) => {
    const at = nextPollAt({ providerNextPollAfter, attempt: 3, now, random: () => 0.5, policy });
    // ceiling = min(60s, 1s * 2^3) = 8s; half of it is 4s.
    expect(at.getTime() - now.getTime()).toBe(4_000);
  });

  it('uses DEFAULT_BACKOFF when no policy is given', () => {
    const at = nextPollAt({ providerNextPollAfter: undefined, attempt: 0, now, random: () => 0 });
    expect(at.getTime() - now.getTime()).toBe(DEFAULT_BACKOFF.firstDelayMs);
    const late = nextPollAt({ providerNextPollAfter: undefined, attempt: 100, now, random: () => 0.999999 });
    expect(late.getTime() - now.getTime()).toBeLessThanOrEqual(DEFAULT_BACKOFF.maxDelayMs);
    expect(late.getTime() - now.getTime()).toBeGreaterThan(DEFAULT_BACKOFF.maxDelayMs - 1_000);
  });
});

describe('backoffDelayMs', () => {
  it('never waits less than the first delay, even when the jitter draws 0', () => {
    expect(backoffDelayMs(0, policy, () => 0)).toBe(1_000);
    expect(backoffDelayMs(6, policy, () => 0)).toBe(1_000);
  });

  it('doubles the ceiling with each attempt', () => {
    const justUnderOne = () => 1 - Number.EPSILON;
    expect(backoffDelayMs(0, policy, justUnderOne)).toBe(1_000);
    expect(backoffDelayMs(1, policy, justUnderOne)).toBe(2_000);
    expect(backoffDelayMs(2, policy, justUnderOne)).toBe(4_000);
    expect(backoffDelayMs(5, policy, justUnderOne)).toBe(32_000);
  });

  it('caps the ceiling at the maximum delay', () => {
    expect(backoffDelayMs(6, policy, () => 1 - Number.EPSILON)).toBe(60_000);
    expect(backoffDelayMs(50, policy, () => 1 - Number.EPSILON)).toBe(60_000);
    expect(backoffDelayMs(5000, policy, () => 1 - Number.EPSILON)).toBe(60_000);
  });

  it('scales the ceiling by the random draw (full jitter)', () => {
    expect(backoffDelayMs(5, policy, () => 0.5)).toBe(16_000);
    expect(backoffDelayMs(10, policy, () => 0.25)).toBe(15_000);
  });

  it('stays within [firstDelay, min(maxDelay, firstDelay * 2^attempt)] for any attempt and draw', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2000 }),
        unitInterval,
        fc.integer({ min: 1, max: 600_000 }),
        fc.integer({ min: 0, max: 86_400_000 }),
        (attempt, draw, firstDelayMs, extra) => {
          const p: BackoffPolicy = { firstDelayMs, maxDelayMs: firstDelayMs + extra, giveUpAfterMs: 1 };
          const delay = backoffDelayMs(attempt, p, () => draw);
          const ceiling = Math.min(p.maxDelayMs, firstDelayMs * 2 ** attempt);
          expect(Number.isInteger(delay)).toBe(true);
          expect(delay).toBeGreaterThanOrEqual(firstDelayMs);
          expect(delay).toBeLessThanOrEqual(ceiling);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('stays within bounds under the default policy', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 64 }), unitInterval, (attempt, draw) => {
        const delay = backoffDelayMs(attempt, DEFAULT_BACKOFF, () => draw);
        expect(delay).toBeGreaterThanOrEqual(DEFAULT_BACKOFF.firstDelayMs);
        expect(delay).toBeLessThanOrEqual(
          Math.min(DEFAULT_BACKOFF.maxDelayMs, DEFAULT_BACKOFF.firstDelayMs * 2 ** attempt),
        );
      }),
    );
  });
});

describe('pollingExpired', () => {
  const submittedAt = '2026-11-08T12:00:00.000Z';
  const at = (ms: number) => new Date(Date.parse(submittedAt) + ms);

  it('is not expired before or exactly at giveUpAfterMs', () => {
    expect(pollingExpired(submittedAt, at(0), policy)).toBe(false);
    expect(pollingExpired(submittedAt, at(policy.giveUpAfterMs - 1), policy)).toBe(false);
    expect(pollingExpired(submittedAt, at(policy.giveUpAfterMs), policy)).toBe(false);
  });

  it('is expired once giveUpAfterMs has passed', () => {
    expect(pollingExpired(submittedAt, at(policy.giveUpAfterMs + 1), policy)).toBe(true);
    expect(pollingExpired(submittedAt, at(policy.giveUpAfterMs * 10), policy)).toBe(true);
  });

  it('uses the default fourteen days when no policy is given', () => {
    const fourteenDays = 14 * 24 * 60 * 60_000;
    expect(pollingExpired(submittedAt, at(fourteenDays))).toBe(false);
    expect(pollingExpired(submittedAt, at(fourteenDays + 1))).toBe(true);
  });
});
