import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPounds, toPence, toPounds } from '#domain/money';

describe('isPounds', () => {
  it.each([0, 1, 0.1, 0.01, 0.99, 1818.06, 90.9, 54.54, 15.6, 520, 1e20])('accepts %s', (value) => {
    expect(isPounds(value)).toBe(true);
  });

  it.each([
    ['three decimal places', 1.005],
    ['three decimal places, trailing digit', 0.001],
    ['a negative amount', -1],
    ['a negative amount with pence', -0.01],
    ['an amount printed in exponent form (1e21)', 1e21],
    ['a tiny amount printed in exponent form', 1e-7],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
  ])('rejects %s', (_label, value) => {
    expect(isPounds(value)).toBe(false);
  });
});

describe('toPence', () => {
  it.each([
    [0, 0],
    [0.1, 10],
    [0.01, 1],
    [0.07, 7],
    [0.29, 29],
    [0.57, 57],
    [8.2, 820],
    [19.99, 1999],
    [1.1, 110],
    [1.15, 115],
    [4.35, 435],
    [90.9, 9090],
    [54.54, 5454],
    [1818.06, 181806],
    [520, 52000],
    [1e20, 1e22],
  ])('converts %s pounds to exactly %s pence', (pounds, pence) => {
    expect(toPence(pounds)).toBe(pence);
    expect(Number.isInteger(toPence(pounds))).toBe(true);
  });

  it('is exact where naive float scaling is not', () => {
    // The reason the decimal string is scaled: the float product is off by a hair.
    for (const [pounds, pence] of [
      [0.29, 29],
      [4.35, 435],
      [8.2, 820],
      [19.99, 1999],
      [0.57, 57],
    ] as const) {
      expect(pounds * 100).not.toBe(pence);
      expect(toPence(pounds)).toBe(pence);
    }
  });
});

describe('toPounds', () => {
  it.each([
    [0, 0],
    [1, 0.01],
    [10, 0.1],
    [9090, 90.9],
    [181806, 1818.06],
    [18704, 187.04],
  ])('converts %s pence to %s pounds', (pence, pounds) => {
    expect(toPounds(pence)).toBe(pounds);
  });

  it('prints as the exact decimal in JSON', () => {
    expect(JSON.stringify({ amount: toPounds(181806) })).toBe('{"amount":1818.06}');
    expect(JSON.stringify({ amount: toPounds(9090) })).toBe('{"amount":90.9}');
  });
});

describe('pounds and pence round trip', () => {
  it('holds for any whole number of pence from 0 to 1e11 expressed as pounds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e11 }), (pence) => {
        const pounds = pence / 100;
        expect(isPounds(pounds)).toBe(true);
        expect(toPence(pounds)).toBe(pence);
        expect(toPounds(toPence(pounds))).toBe(pounds);
      }),
      { numRuns: 2000 },
    );
  });

  it('holds at the edges of the range', () => {
    for (const pence of [0, 1, 99, 100, 101, 1e11 - 1, 1e11]) {
      const pounds = pence / 100;
      expect(toPence(pounds)).toBe(pence);
      expect(toPounds(toPence(pounds))).toBe(pounds);
    }
  });
});

describe('toPence with negative amounts', () => {
  it('keeps the sign and the whole amount', () => {
    expect(toPence(-1.5)).toBe(-150);
    expect(toPence(-0.5)).toBe(-50);
    expect(toPence(-101.45)).toBe(-10145);
  });
});
