import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isIsoDate } from '#domain/dates';
import { isPounds, toPence } from '#domain/money';
import { addYears } from '#domain/pay-periods';

/** The arithmetic a payroll runs per employee, read without Date or decimal strings, against what they give. */

describe('isIsoDate, against the calendar of Date', () => {
  // What isIsoDate once did: the regular expression, then a round trip through Date.
  const byDate = (value: string) => {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (!match) return false;
    const [, year, month, day] = match.map(Number) as [number, number, number, number];
    const date = new Date(Date.UTC(year, month - 1, day));
    return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  };
  const digit = fc.constantFrom(...'0123456789');
  const anyChar = fc.constantFrom(...'0123456789-/ x١');
  const digits = (n: number) => fc.array(digit, { minLength: n, maxLength: n }).map((d) => d.join(''));
  const shaped = fc
    .tuple(
      fc.oneof(
        digits(4),
        fc.integer({ min: 0, max: 9999 }).map((y) => String(y).padStart(4, '0')),
      ),
      fc.integer({ min: 0, max: 13 }).map((m) => String(m).padStart(2, '0')),
      fc.integer({ min: 0, max: 32 }).map((d) => String(d).padStart(2, '0')),
    )
    .map(([y, m, d]) => `${y}-${m}-${d}`);
  const noisy = fc.array(anyChar, { minLength: 8, maxLength: 11 }).map((c) => c.join(''));

  it('accepts exactly the dates Date reads back unchanged', () => {
    fc.assert(
      fc.property(fc.oneof(shaped, noisy, fc.string()), (value) => {
        expect(isIsoDate(value)).toBe(byDate(value));
      }),
      { numRuns: 5_000 },
    );
  });
});

describe('money, against its decimal string', () => {
  // What isPounds and toPence once did for every amount, and still do above £10^13.
  const decimalIsPounds = (value: number) =>
    Number.isFinite(value) && /^\d+(\.\d{1,2})?$/.test(String(value));
  const decimalToPence = (pounds: number) => {
    const [whole = '0', fraction = ''] = String(Math.abs(pounds)).split('.');
    return Math.sign(pounds) * (Number(whole) * 100 + Number(fraction.padEnd(2, '0')));
  };
  const amounts = fc.oneof(
    fc.double({ noNaN: false }),
    fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }).map((pence) => pence / 100),
    fc.integer({ min: 0, max: 10 ** 15 }).map((tenths) => tenths / 1000),
    fc.constantFrom(0, -0, 1e13 - 0.01, 1e13, 1e13 + 0.01, 9_999_999_999_999.99, 0.005, 1e-7),
  );

  it('accepts exactly the amounts whose decimal string has at most 2 places, and converts them alike', () => {
    fc.assert(
      fc.property(amounts, (value) => {
        expect(isPounds(value)).toBe(decimalIsPounds(value));
        if (decimalIsPounds(value)) expect(Object.is(toPence(value), decimalToPence(value))).toBe(true);
      }),
      { numRuns: 5_000 },
    );
  });
});

describe('addYears, against Date', () => {
  // What addYears once did for every date: Date.UTC and back.
  const byDate = (date: string, years: number) => {
    const [year = Number.NaN, month = Number.NaN, day = Number.NaN] = date.split('-').map(Number);
    return new Date(Date.UTC(year + years, month - 1, day)).toISOString().slice(0, 10);
  };
  const dates = fc
    .tuple(
      fc.integer({ min: 0, max: 9999 }),
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 1, max: 31 }),
    )
    .map(
      ([y, m, d]) =>
        `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`,
    );

  it('gives the same day as Date, 29 February, short months and odd years included', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          dates,
          fc.constantFrom('2024-02-29', '2000-02-29', '1900-02-28', '0099-12-31', '9999-12-31'),
        ),
        fc.oneof(fc.integer({ min: -200, max: 200 }), fc.constantFrom(-100, -16, -12, 16, 75, 8000)),
        (date, years) => {
          let expected: string | undefined;
          try {
            expected = byDate(date, years);
          } catch {
            expected = undefined; // Date out of range: addYears throws too
          }
          if (expected === undefined) expect(() => addYears(date, years)).toThrow();
          else expect(addYears(date, years)).toBe(expected);
        },
      ),
      { numRuns: 5_000 },
    );
  });
});
