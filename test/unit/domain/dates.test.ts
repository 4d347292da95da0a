import { describe, expect, it } from 'vitest';
import { isIsoDate, toTimestamp } from '#domain/dates';

describe('isIsoDate', () => {
  it.each([
    '2026-11-02',
    '2026-01-01',
    '2026-12-31',
    '2024-02-29', // leap year
    '2000-02-29', // divisible by 400
    '2026-02-28',
    '2026-04-30',
    '1985-01-10',
  ])('accepts the calendar date %s', (value) => {
    expect(isIsoDate(value)).toBe(true);
  });

  it.each([
    ['30 February', '2026-02-30'],
    ['29 February in a common year', '2026-02-29'],
    ['29 February in a century year not divisible by 400', '1900-02-29'],
    ['31 April', '2026-04-31'],
    ['month 13', '2026-13-01'],
    ['month 00', '2026-00-10'],
    ['day 00', '2026-01-00'],
    ['day 32', '2026-01-32'],
  ])('rejects %s (%s)', (_label, value) => {
    expect(isIsoDate(value)).toBe(false);
  });

  it.each([
    '',
    '2026-1-01',
    '2026-01-1',
    '26-01-01',
    '20260101',
    '2026/01/01',
    '01-01-2026',
    '2026-01-01T00:00:00Z',
    '2026-01-01 ',
    ' 2026-01-01',
    '2026-01-01\n',
    '+2026-01-01',
    'yyyy-mm-dd',
    '２０２６-01-01',
  ])('rejects the wrong shape %j', (value) => {
    expect(isIsoDate(value)).toBe(false);
  });
});

describe('toTimestamp', () => {
  it('keeps an instant already on a whole second', () => {
    expect(toTimestamp(new Date('2026-11-08T12:34:56.000Z'))).toBe('2026-11-08T12:34:56Z');
  });

  it('rounds a fraction of a second up, never down', () => {
    expect(toTimestamp(new Date('2026-11-08T12:34:56.001Z'))).toBe('2026-11-08T12:34:57Z');
    expect(toTimestamp(new Date('2026-11-08T12:34:56.500Z'))).toBe('2026-11-08T12:34:57Z');
    expect(toTimestamp(new Date('2026-11-08T12:34:56.999Z'))).toBe('2026-11-08T12:34:57Z');
  });

  it('carries the rounding across minute, day and year boundaries', () => {
    expect(toTimestamp(new Date('2026-12-31T23:59:59.250Z'))).toBe('2027-01-01T00:00:00Z');
  });

  it('is UTC, ends with Z and has no milliseconds', () => {
    const stamp = toTimestamp(new Date(Date.UTC(2026, 10, 8, 9, 5, 7, 123)));
    expect(stamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(stamp).toBe('2026-11-08T09:05:08Z');
  });

  it('never stands for an instant before the one given', () => {
    for (let ms = 0; ms < 1000; ms += 37) {
      const instant = new Date(Date.UTC(2026, 0, 1, 0, 0, 0, ms));
      const stamp = toTimestamp(instant);
      expect(Date.parse(stamp)).toBeGreaterThanOrEqual(instant.getTime());
      expect(Date.parse(stamp) - instant.getTime()).toBeLessThan(1000);
    }
  });
});
