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

describe('age limits, judged at the end of the period (2026-11-08)', () => {
  it('D/AC10, D/AD10 pass someone who turns 16 that day', () => {
    const sixteen = oliver({ dateOfBirth: '2010-11-08' });
    expect(problemsWith('D/AC10', sixteen)).toEqual([]);
    expect(problemsWith('D/AD10', sixteen)).toEqual([]);
  });

  it('D/AC10, D/AD10 refuse contributions for someone still 15', () => {
    const fifteen = oliver({ dateOfBirth: '2010-11-09' });
    expect(problemsWith('D/AC10', fifteen)).toEqual([employer('D/AC10')]);
    expect(problemsWith('D/AD10', fifteen)).toEqual([employee('D/AD10')]);
  });

  it('D/AC11, D/AD11 pass someone still 74', () => {
    const seventyFour = oliver({ dateOfBirth: '1951-11-09' });
    expect(problemsWith('D/AC11', seventyFour)).toEqual([]);
    expect(problemsWith('D/AD11', seventyFour)).toEqual([]);
  });

  it('D/AC11, D/AD11 refuse contributions for someone who turns 75 that day', () => {
    const seventyFive = oliver({ dateOfBirth: '1951-11-08' });
    expect(problemsWith('D/AC11', seventyFive)).toEqual([employer('D/AC11')]);
    expect(problemsWith('D/AD11', seventyFive)).toEqual([employee('D/AD11')]);
  });

  it('D/AC11, D/AD11 pass a 75-year-old member paid nothing', () => {
    expect(problemsWith('D/AC11', oliver({ dateOfBirth: '1940-01-01', ...noContributions }))).toEqual([]);
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
