import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { plainDecimal } from '#formats/papdis-fields';

describe('plainDecimal', () => {
  it('writes exponents out, as a PAPDIS percentage cell needs', () => {
    expect(plainDecimal(0)).toBe('0');
    expect(plainDecimal(2.5)).toBe('2.5');
    expect(plainDecimal(100)).toBe('100');
    expect(plainDecimal(1e-7)).toBe('0.0000001');
    expect(plainDecimal(-1e-7)).toBe('-0.0000001');
    expect(plainDecimal(1.25e-9)).toBe('0.00000000125');
    expect(plainDecimal(1e21)).toBe('1000000000000000000000');
    expect(plainDecimal(1.5e22)).toBe('15000000000000000000000');
  });

  it('reads back as the same number, never in exponent notation', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        const text = plainDecimal(value);
        expect(text).toMatch(/^-?\d+(\.\d+)?$/);
        expect(Number(text)).toBe(value === 0 ? 0 : value);
      }),
      { numRuns: 2000 },
    );
  });

  it('writes what Intl.NumberFormat wrote for every percentage it could write exactly', () => {
    const intl = new Intl.NumberFormat('en-GB', { useGrouping: false, maximumFractionDigits: 20 });
    fc.assert(
      fc.property(fc.double({ min: 0, max: 100, noNaN: true }), (value) => {
        const text = plainDecimal(value);
        if ((text.split('.')[1] ?? '').length <= 20) expect(text).toBe(intl.format(value));
      }),
      { numRuns: 2000 },
    );
  });
});
