import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AUTHORISATION_CHECKS,
  authorisationCheckDelayMs,
  nextAuthorisationCheck,
} from '#domain/authorisation-checks';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

describe('authorisation checks', () => {
  it('starts after a minute and doubles its ceiling up to a day', () => {
    expect(authorisationCheckDelayMs(0, () => 0)).toBe(MINUTE);
    expect(authorisationCheckDelayMs(3, () => 1)).toBe(8 * MINUTE);
    expect(authorisationCheckDelayMs(3, () => 0)).toBe(4 * MINUTE);
    expect(authorisationCheckDelayMs(30, () => 0)).toBe(DAY);
  });

  it('never waits less than the check before, whatever the jitter', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
        fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
        (attempt, first, second) => {
          const before = authorisationCheckDelayMs(attempt, () => first);
          const after = authorisationCheckDelayMs(attempt + 1, () => second);
          expect(after).toBeGreaterThanOrEqual(before);
          expect(after).toBeLessThanOrEqual(AUTHORISATION_CHECKS.maxDelayMs);
        },
      ),
    );
  });

  it('stops scheduling once the next check would fall past two weeks', () => {
    const linkedAt = new Date('2026-11-01T00:00:00Z');
    const early = nextAuthorisationCheck(linkedAt, 0, linkedAt, () => 0.5);
    expect(early?.toISOString()).toBe('2026-11-01T00:01:00.000Z');
    const late = new Date(linkedAt.getTime() + 13.5 * DAY);
    expect(nextAuthorisationCheck(linkedAt, 20, late, () => 0.5)).toBeUndefined();
  });

  it('schedules about two dozen checks over the two weeks, so one execution stays small', () => {
    const linkedAt = new Date('2026-11-01T00:00:00Z');
    let now = linkedAt;
    let checks = 0;
    for (let next = nextAuthorisationCheck(linkedAt, 0, now, Math.random); next; checks++) {
      now = next;
      next = nextAuthorisationCheck(linkedAt, checks + 1, now, Math.random);
    }
    expect(checks).toBeGreaterThan(15);
    expect(checks).toBeLessThan(30);
  });
});
