import { describe, expect, it } from 'vitest';
import { frequencyNamed, periodFrequencyProblems } from '#domain/period-frequency';
import { validSubmission } from '../preflight/support.ts';

// The fixture's period is 2026-11-02 to 2026-11-08, one week (TPP's weekly example is 2017-07-08 to -14,
// TPP-hub /fields/pay-reference-period/).
describe('periodFrequencyProblems', () => {
  it('passes a weekly period to a weekly scheme', () => {
    expect(periodFrequencyProblems(validSubmission(), 'Weekly')).toEqual([]);
  });

  it('refuses a weekly period to a monthly scheme, naming expected and provided', () => {
    expect(periodFrequencyProblems(validSubmission(), 'Monthly')).toEqual([
      {
        code: 'period-frequency-mismatch',
        message: expect.stringContaining('one weekly period, but the scheme is paid monthly'),
        field: 'payReferencePeriod',
        providedValue: 'Weekly',
        expectedValue: 'Monthly',
        source: 'gateway',
      },
    ]);
  });

  it('passes a calendar month to a monthly scheme, and refuses a monthly payFrequency to a weekly one', () => {
    const monthly = {
      ...validSubmission(),
      payReferencePeriod: { start: '2026-11-01', end: '2026-11-30' },
      payFrequency: 'M1' as const,
    };
    expect(periodFrequencyProblems(monthly, 'Monthly')).toEqual([]);
    const weeklyPeriodMonthlyCode = { ...validSubmission(), payFrequency: 'M1' as const };
    expect(periodFrequencyProblems(weeklyPeriodMonthlyCode, 'Weekly')).toMatchObject([
      { field: 'payFrequency', providedValue: 'M1', expectedValue: 'Weekly' },
    ]);
  });

  it('reads frequencies as TPP and PensionSync SASS name them', () => {
    expect(frequencyNamed('Four Weekly')).toBe('Four Weekly');
    expect(frequencyNamed('Four-weekly')).toBe('Four Weekly');
    expect(frequencyNamed('Monthly')).toBe('Monthly');
    expect(frequencyNamed('Quarterly')).toBeUndefined();
  });
});
