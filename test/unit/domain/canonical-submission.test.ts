import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type CanonicalEmployee,
  type CanonicalSubmission,
  canonicalSubmission,
  contributionsTotal,
} from '#domain/canonical-submission';

function fixture(): CanonicalSubmission {
  return canonicalSubmission.parse(
    JSON.parse(readFileSync(new URL('../../fixtures/submission.json', import.meta.url), 'utf8')),
  );
}

function withContributions(base: CanonicalEmployee, employer: number, employee: number): CanonicalEmployee {
  return { ...base, employerContributionAmount: employer, employeeContributionAmount: employee };
}

describe('contributionsTotal', () => {
  it('adds employer and employee contributions over every employee, in pence', () => {
    // 54.54 + 90.90 + 15.60 + 26.00 = 187.04
    expect(contributionsTotal(fixture().employees)).toBe(18704);
  });

  it('is zero for no employees', () => {
    expect(contributionsTotal([])).toBe(0);
  });

  it('leaves pensionable earnings and voluntary contributions out', () => {
    const [first] = fixture().employees;
    if (!first) throw new Error('fixture has no employees');
    const e = {
      ...withContributions(first, 100, 250),
      pensionableEarnings: 999_999,
      additionalVoluntaryContributionAmount: 5_000,
    };
    expect(contributionsTotal([e])).toBe(350);
  });

  it('is exact in pence where adding pounds as floats is not', () => {
    const [first] = fixture().employees;
    if (!first) throw new Error('fixture has no employees');
    // 0.1 + 0.2 pounds is not 0.3 as a float; 10 + 20 pence is 30.
    expect(0.1 + 0.2).not.toBe(0.3);
    const employees = [withContributions(first, 10, 20), withContributions(first, 1, 2)];
    expect(contributionsTotal(employees)).toBe(33);
  });

  it('sums many employees', () => {
    const [first] = fixture().employees;
    if (!first) throw new Error('fixture has no employees');
    const employees = Array.from({ length: 1000 }, (_, i) => withContributions(first, i, 2 * i));
    expect(contributionsTotal(employees)).toBe(3 * ((999 * 1000) / 2));
  });
});
