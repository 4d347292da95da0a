import { type CanonicalEmployee, contributionsTotal } from '#domain/canonical-submission';
import { addYears } from '#domain/pay-periods';
import {
  type EmployeeCheck,
  employeeRule,
  type Finding,
  onceForDate,
  pounds,
  type RuleInput,
  sameDayYearsBefore,
  statusRule,
  type TppRule,
} from './rule.ts';

type Status = CanonicalEmployee['autoEnrolmentStatus'];

type ContributionField = 'employerContributionAmount' | 'employeeContributionAmount';

const WHOSE: Record<ContributionField, string> = {
  employerContributionAmount: 'employer',
  employeeContributionAmount: 'employee',
};

/** Why a non-zero contribution is refused for this employee, or undefined when it is allowed. */
type Refusal = (employee: CanonicalEmployee, input: RuleInput) => string | undefined;

// Zero is always allowed: TPP asks for 0 when someone is still a member but paid nothing this period.
function contributionCheck(field: ContributionField, refusal: Refusal): EmployeeCheck {
  return (employee, input) => {
    const pence = employee[field];
    const reason = pence > 0 ? refusal(employee, input) : undefined;
    if (!reason) return undefined;
    return {
      field,
      message: `The ${WHOSE[field]} contribution £${pounds(pence)} is not allowed: ${reason}.`,
      providedValue: pounds(pence),
      expectedValue: '0.00',
    };
  };
}

function noContribution(field: ContributionField, code: string, refusal: Refusal): TppRule {
  return employeeRule(code, contributionCheck(field, refusal));
}

/** No contribution for an employee of this status: only that status's employees are looked at. */
function noContributionWithStatus(field: ContributionField, code: string, status: Status): TppRule {
  return statusRule(
    code,
    status,
    contributionCheck(field, () => `the auto-enrolment status is "${status}"`),
  );
}

const startsInFuture: Refusal = (e, { context }) =>
  e.employmentPeriod.start > context.today
    ? `employment starts on ${e.employmentPeriod.start}, after today (${context.today})`
    : undefined;

const seventyFiveYearsBefore = onceForDate((start) => sameDayYearsBefore(start, 75));

/**
 * 75 before the period began. TPP accepts contributions for someone "75 years 1 month old" whose "birthday
 * falls within the pay reference period" (TPP-hub /fields/date-of-birth/): a 75th birthday on any day of
 * the period, its first included, still allows them.
 */
const seventyFiveBeforePeriod: Refusal = (e, { submission }) => {
  // Born on or after the bound (and before 9925, whose 75th birthday addYears writes past year 9999), the
  // 75th birthday is not before the period: one comparison for most employees, the rest worked out.
  const born = e.dateOfBirth;
  if (born >= seventyFiveYearsBefore(submission.payReferencePeriod.start) && born < '9925') return undefined;
  const seventyFifth = addYears(e.dateOfBirth, 75);
  const { start } = submission.payReferencePeriod;
  return seventyFifth < start
    ? `the employee turned 75 on ${seventyFifth}, before the pay reference period began on ${start}`
    : undefined;
};

/** T/T01: when payroll gives a total, it must be the sum of every contribution to the penny. */
function totalMatches({ submission }: RuleInput): Finding[] {
  if (submission.total === undefined) return [];
  const sum = contributionsTotal(submission.employees);
  if (submission.total === sum) return [];
  return [
    {
      field: 'total',
      message: `The total £${pounds(submission.total)} is not the sum of the employer and employee contributions, £${pounds(sum)}.`,
      providedValue: pounds(submission.total),
      expectedValue: pounds(sum),
    },
  ];
}

export const CONTRIBUTION_RULES: readonly TppRule[] = [
  noContributionWithStatus('employerContributionAmount', 'D/AC05', 'Already In Qualifying Scheme'),
  noContributionWithStatus('employerContributionAmount', 'D/AC06', 'Not Known'),
  noContribution('employerContributionAmount', 'D/AC08', startsInFuture),
  // Under-16s are TPP's D/G06, on the date of birth (personal-rules.ts), whatever the contributions.
  noContribution('employerContributionAmount', 'D/AC11', seventyFiveBeforePeriod),
  noContributionWithStatus('employeeContributionAmount', 'D/AD05', 'Already In Qualifying Scheme'),
  noContributionWithStatus('employeeContributionAmount', 'D/AD06', 'Not Known'),
  noContribution('employeeContributionAmount', 'D/AD08', startsInFuture),
  noContribution('employeeContributionAmount', 'D/AD11', seventyFiveBeforePeriod),
  { code: 'T/T01', check: totalMatches },
];
