import { describe, expect, it } from 'vitest';
import type { CanonicalEmployee } from '#domain/canonical-submission';
import { employeeProblem, OLIVER, problemsWith, validSubmission, withEmployee } from './support.ts';

const oliver = (patch: Partial<CanonicalEmployee>) => withEmployee(validSubmission(), 1, patch);
const noContributions = { employerContributionAmount: 0, employeeContributionAmount: 0 };

// Oliver pays £15.60 (employer) and £26.00 (employee) in the valid submission.
const employer = (code: string) =>
  employeeProblem(code, OLIVER, 'employerContributionAmount', {
    providedValue: '15.60',
    expectedValue: '0.00',
  });
const employee = (code: string) =>
  employeeProblem(code, OLIVER, 'employeeContributionAmount', {
    providedValue: '26.00',
    expectedValue: '0.00',
  });

describe.each([
  ['Already In Qualifying Scheme', 'D/AC05', 'D/AD05'],
  ['Not Known', 'D/AC06', 'D/AD06'],
] as const)('no contributions while the status is %s', (status, employerCode, employeeCode) => {
  const withStatus = { autoEnrolmentStatus: status, autoEnrolmentDate: undefined };

  it('passes zero contributions', () => {
    const zero = oliver({ ...withStatus, ...noContributions });
    expect(problemsWith(employerCode, zero)).toEqual([]);
    expect(problemsWith(employeeCode, zero)).toEqual([]);
  });

  it('refuses employer and employee contributions, each under its own code', () => {
    const paying = oliver(withStatus);
    expect(problemsWith(employerCode, paying)).toEqual([employer(employerCode)]);
    expect(problemsWith(employeeCode, paying)).toEqual([employee(employeeCode)]);
  });
});

describe('D/AC08, D/AD08 no contributions before employment starts', () => {
  // Payroll run mid-period: today is 4 November, the period ends on the 8th.
  const context = { today: '2026-11-04' };
  const startingOn = (start: string, patch: Partial<CanonicalEmployee> = {}) =>
    oliver({ employmentPeriod: { start }, ...patch });

  it('passes an employment starting today, or a future starter paid nothing', () => {
    expect(problemsWith('D/AC08', startingOn('2026-11-04'), undefined, context)).toEqual([]);
    expect(problemsWith('D/AD08', startingOn('2026-11-06', noContributions), undefined, context)).toEqual([]);
  });

  it('refuses contributions for an employment starting after today', () => {
    expect(problemsWith('D/AC08', startingOn('2026-11-06'), undefined, context)).toEqual([
      employer('D/AC08'),
    ]);
    expect(problemsWith('D/AD08', startingOn('2026-11-06'), undefined, context)).toEqual([
      employee('D/AD08'),
    ]);
  });
});

// TPP-hub /fields/date-of-birth/: contributions are accepted for someone "75 years 1 month old" whose
// birthday falls within the pay reference period (2026-11-02 to 2026-11-08 here).
describe('D/AC11, D/AD11 no contributions once 75 before the period began', () => {
  it('pass someone whose 75th birthday falls on the first or last day of the period', () => {
    for (const dateOfBirth of ['1951-11-02', '1951-11-08']) {
      expect(problemsWith('D/AC11', oliver({ dateOfBirth }))).toEqual([]);
      expect(problemsWith('D/AD11', oliver({ dateOfBirth }))).toEqual([]);
    }
  });

  it('refuse contributions for someone who turned 75 the day before the period', () => {
    const seventyFive = oliver({ dateOfBirth: '1951-11-01' });
    expect(problemsWith('D/AC11', seventyFive)).toEqual([employer('D/AC11')]);
    expect(problemsWith('D/AD11', seventyFive)).toEqual([employee('D/AD11')]);
  });

  it('pass a 75-year-old member paid nothing', () => {
    expect(problemsWith('D/AC11', oliver({ dateOfBirth: '1940-01-01', ...noContributions }))).toEqual([]);
  });

  it('no longer use the invented under-16 codes D/AC10, D/AD10: that is D/G06 on the date of birth', () => {
    const fifteen = oliver({ dateOfBirth: '2010-11-09' });
    expect(problemsWith('D/AC10', fifteen)).toEqual([]);
    expect(problemsWith('D/AD10', fifteen)).toEqual([]);
    expect(problemsWith('D/G06', fifteen)).toHaveLength(1);
  });
});

describe('T/T01 the total is the sum of the contributions', () => {
  // 54.54 + 90.90 + 15.60 + 26.00
  const totalled = (pence: number) => ({ ...validSubmission(), total: pence });

  it('passes the exact sum, and no total at all', () => {
    expect(problemsWith('T/T01', totalled(18704))).toEqual([]);
    expect(problemsWith('T/T01', validSubmission())).toEqual([]);
  });

  it('refuses a total a penny out', () => {
    expect(problemsWith('T/T01', totalled(18705))).toEqual([
      {
        code: 'T/T01',
        message: expect.stringContaining('£187.05'),
        field: 'total',
        providedValue: '187.05',
        expectedValue: '187.04',
        source: 'gateway',
      },
    ]);
  });
});
