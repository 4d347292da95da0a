import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  ageOn,
  comparePeriods,
  FREQUENCIES,
  type Frequency,
  isPeriodOf,
  nextPeriod,
  type Period,
  periodStarting,
} from '#domain/pay-periods';

const DAY_MS = 86_400_000;
const daysBetween = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / DAY_MS;

const isoDate = fc
  .date({ min: new Date('1950-01-01T00:00:00Z'), max: new Date('2150-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const frequency = fc.constantFrom(...FREQUENCIES);
/** A period as TPP would hand it out: one whole period of the frequency from any start. */
const period = fc
  .tuple(isoDate, frequency)
  .map(([start, f]) => ({ frequency: f, period: periodStarting(start, f) }));

function sequence(first: Period, frequency: Frequency, count: number): Period[] {
  const periods = [first];
  for (let i = 1; i < count; i++) periods.push(nextPeriod(periods[i - 1] as Period, frequency));
  return periods;
}

describe('nextPeriod', () => {
  it.each([
    ['Weekly', '2026-11-02', '2026-11-08', '2026-11-09', '2026-11-15'],
    ['Fortnightly', '2026-11-02', '2026-11-15', '2026-11-16', '2026-11-29'],
    ['Four Weekly', '2026-11-02', '2026-11-29', '2026-11-30', '2026-12-27'],
    ['Monthly', '2026-10-01', '2026-10-31', '2026-11-01', '2026-11-30'],
    ['Monthly', '2026-10-15', '2026-11-14', '2026-11-15', '2026-12-14'],
    ['Monthly', '2026-12-01', '2026-12-31', '2027-01-01', '2027-01-31'],
    ['Weekly', '2026-12-28', '2027-01-03', '2027-01-04', '2027-01-10'],
  ] as const)('%s %s..%s is followed by %s..%s', (f, start, end, nextStart, nextEnd) => {
    expect(nextPeriod({ start, end }, f)).toEqual({ start: nextStart, end: nextEnd });
  });

  // The example sequences on TPP's pay-reference-period page, from 1 January 2026.
  it.each([
    ['Weekly', ['01..07', '08..14', '15..21']],
    ['Fortnightly', ['01..14', '15..28', '29..11']],
    ['Four Weekly', ['01..28', '29..25', '26..25']],
    ['Monthly', ['01..31', '01..28', '01..31']],
  ] as const)('%s runs %j', (f, days) => {
    const periods = sequence(periodStarting('2026-01-01', f), f, 3);
    expect(periods.map((p) => `${p.start.slice(8)}..${p.end.slice(8)}`)).toEqual(days);
  });

  it('keeps calendar months whole through leap and common years', () => {
    const months = sequence({ start: '2023-12-01', end: '2023-12-31' }, 'Monthly', 16);
    expect(months.map((p) => p.end)).toEqual([
      '2023-12-31',
      '2024-01-31',
      '2024-02-29',
      '2024-03-31',
      '2024-04-30',
      '2024-05-31',
      '2024-06-30',
      '2024-07-31',
      '2024-08-31',
      '2024-09-30',
      '2024-10-31',
      '2024-11-30',
      '2024-12-31',
      '2025-01-31',
      '2025-02-28',
      '2025-03-31',
    ]);
  });

  it('keeps a mid-month period on its day', () => {
    const months = sequence({ start: '2026-01-15', end: '2026-02-14' }, 'Monthly', 14);
    for (const p of months) {
      expect(p.start.slice(8)).toBe('15');
      expect(p.end.slice(8)).toBe('14');
    }
  });

  it('starts the day after the previous period ends, for every frequency', () => {
    fc.assert(
      fc.property(period, ({ period: p, frequency: f }) => {
        expect(nextPeriod(p, f).start).toBe(addDays(p.end, 1));
      }),
    );
  });

  it('gives a whole period of the same frequency', () => {
    fc.assert(
      fc.property(period, ({ period: p, frequency: f }) => {
        const next = nextPeriod(p, f);
        expect(isPeriodOf(next, f)).toBe(true);
        const length = daysBetween(next.start, next.end) + 1;
        if (f === 'Monthly') {
          expect(length).toBeGreaterThanOrEqual(28);
          expect(length).toBeLessThanOrEqual(31);
        } else {
          expect(length).toBe({ Weekly: 7, Fortnightly: 14, 'Four Weekly': 28 }[f]);
        }
      }),
    );
  });
});

describe('isPeriodOf', () => {
  it.each([
    [{ start: '2026-11-02', end: '2026-11-08' }, 'Weekly', true],
    [{ start: '2026-11-02', end: '2026-11-09' }, 'Weekly', false],
    [{ start: '2026-11-02', end: '2026-11-15' }, 'Fortnightly', true],
    [{ start: '2026-11-02', end: '2026-11-29' }, 'Four Weekly', true],
    [{ start: '2026-02-01', end: '2026-02-28' }, 'Monthly', true],
    [{ start: '2026-02-01', end: '2026-03-01' }, 'Monthly', false],
    [{ start: '2026-10-15', end: '2026-11-14' }, 'Monthly', true],
    [{ start: '2026-10-15', end: '2026-11-15' }, 'Monthly', false],
  ] as const)('%j is one %s period: %s', (p, f, expected) => {
    expect(isPeriodOf(p, f)).toBe(expected);
  });
});

describe('addDays and addMonths', () => {
  it('crosses months, years and leap days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
  });

  it('undoes itself', () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: -1000, max: 1000 }), (date, n) => {
        expect(addDays(addDays(date, n), -n)).toBe(date);
      }),
    );
  });

  it("clamps to a shorter month's end", () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2016-04-01', 3)).toBe('2016-07-01');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
  });
});

describe('comparePeriods', () => {
  it('orders by start, then end, and is 0 only for the same period', () => {
    const a = { start: '2026-11-02', end: '2026-11-08' };
    const b = { start: '2026-11-02', end: '2026-11-15' };
    const c = { start: '2026-11-09', end: '2026-11-15' };
    expect([c, b, a].sort(comparePeriods)).toEqual([a, b, c]);
    expect(comparePeriods(a, { ...a })).toBe(0);
    expect(comparePeriods(b, a)).toBeGreaterThan(0);
  });
});

describe('ageOn', () => {
  it.each([
    ['1985-01-10', '2026-11-08', 41],
    ['1951-11-08', '2026-11-08', 75],
    ['1951-11-09', '2026-11-08', 74],
    ['2010-11-08', '2026-11-08', 16],
    ['2000-02-29', '2026-02-28', 25],
    ['2000-02-29', '2026-03-01', 26],
    ['2000-02-29', '2028-02-29', 28],
  ])('someone born %s is %s on %i', (born, on, age) => {
    expect(ageOn(born, on)).toBe(age);
  });

  it('goes up by exactly one a year later', () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: 0, max: 36_500 }), (born, days) => {
        const on = addDays(born, days);
        expect(ageOn(born, addMonths(on, 12))).toBe(ageOn(born, on) + 1);
      }),
    );
  });
});
