import type { EnforcedCode } from './codes.ts';
import { type EmployeeRule, employeeError, isBlank, type RequestRule, requestError } from './rule.ts';

type AmountCodes = readonly [
  missing: EnforcedCode,
  notNumber: EnforcedCode,
  negative: EnforcedCode,
  pence: EnforcedCode,
];

// Allows for binary fractions: 54.54 * 100 is 5454.000000000001, while 15.605 * 100 is half a penny off.
function hasAtMostTwoDecimals(amount: number): boolean {
  return Math.abs(amount * 100 - Math.round(amount * 100)) < 1e-6;
}

// Amounts are JSON numbers in pounds: present, not negative, whole pence.
function amountIsValid(field: string, [missing, notNumber, negative, pence]: AmountCodes): EmployeeRule {
  return (employee, index) => {
    const amount = employee[field];
    if (isBlank(amount)) return [employeeError(missing, employee, index, { providedValue: amount })];
    if (typeof amount !== 'number' || !Number.isFinite(amount)) {
      return [employeeError(notNumber, employee, index, { providedValue: amount })];
    }
    const errors = [];
    if (amount < 0) errors.push(employeeError(negative, employee, index, { providedValue: amount }));
    if (!hasAtMostTwoDecimals(amount))
      errors.push(employeeError(pence, employee, index, { providedValue: amount }));
    return errors;
  };
}

const NO_CONTRIBUTIONS_STATUSES = new Set(['Not Known', 'Already In Qualifying Scheme']);

// Postponed or already covered elsewhere: still listed, but nothing may be paid in.
function zeroWithoutMembership(field: string, code: EnforcedCode): EmployeeRule {
  return (employee, index) => {
    const { autoEnrolmentStatus } = employee;
    const amount = employee[field];
    const mustBeZero =
      typeof autoEnrolmentStatus === 'string' && NO_CONTRIBUTIONS_STATUSES.has(autoEnrolmentStatus);
    return mustBeZero && typeof amount === 'number' && amount !== 0
      ? [employeeError(code, employee, index, { providedValue: amount, expectedValue: 0 })]
      : [];
  };
}

function pence(amount: unknown): number {
  return typeof amount === 'number' && Number.isFinite(amount) ? Math.round(amount * 100) : 0;
}

// The old CSV trailer row; in JSON the optional total, which must be the sum of both contributions to the penny.
const totalMatchesContributions: RequestRule = ({ request }) => {
  const { total, employees } = request;
  if (total === undefined) return [];
  const sum = employees.reduce(
    (pennies, employee) =>
      pennies + pence(employee.employerContributionAmount) + pence(employee.employeeContributionAmount),
    0,
  );
  const withinAPenny = typeof total === 'number' && Math.abs(Math.round(total * 100) - sum) <= 1;
  return withinAPenny
    ? []
    : [requestError('T/T01', { providedValue: total, expectedValue: (sum / 100).toFixed(2) })];
};

export const moneyRules: EmployeeRule[] = [
  amountIsValid('pensionableEarnings', ['D/AB01', 'D/AB02', 'D/AB03', 'D/AB04']),
  amountIsValid('employerContributionAmount', ['D/AC01', 'D/AC02', 'D/AC03', 'D/AC04']),
  amountIsValid('employeeContributionAmount', ['D/AD01', 'D/AD02', 'D/AD03', 'D/AD04']),
  zeroWithoutMembership('employerContributionAmount', 'D/AC05'),
  zeroWithoutMembership('employeeContributionAmount', 'D/AD05'),
];
export const trailerRules: RequestRule[] = [totalMatchesContributions];
