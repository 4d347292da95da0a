import { type CanonicalEmployee, contributionsTotal } from '#domain/canonical-submission';
import { ageAtPeriodEnd, employeeRule, type Finding, pounds, type RuleInput, type TppRule } from './rule.ts';

type ContributionField = 'employerContributionAmount' | 'employeeContributionAmount';

const WHOSE: Record<ContributionField, string> = {
  employerContributionAmount: 'employer',
  employeeContributionAmount: 'employee',
};

/** Why a non-zero contribution is refused for this employee, or undefined when it is allowed. */
type Refusal = (employee: CanonicalEmployee, input: RuleInput) => string | undefined;

// Zero is always allowed: TPP asks for 0 when someone is still a member but paid nothing this period.
function noContribution(field: ContributionField, code: string, refusal: Refusal): TppRule {
  return employeeRule(code, (employee, input) => {
    const pence = employee[field];
    const reason = pence > 0 ? refusal(employee, input) : undefined;
    if (!reason) return undefined;
    return {
      field,
      message: `The ${WHOSE[field]} contribution £${pounds(pence)} is not allowed: ${reason}.`,
      providedValue: pounds(pence),
      expectedValue: '0.00',
    };
  });
}

const alreadyInQualifyingScheme: Refusal = (e) =>
  e.autoEnrolmentStatus === 'Already In Qualifying Scheme'
    ? 'the auto-enrolment status is "Already In Qualifying Scheme"'
    : undefined;

const statusNotKnown: Refusal = (e) =>
  e.autoEnrolmentStatus === 'Not Known' ? 'the auto-enrolment status is "Not Known"' : undefined;

const startsInFuture: Refusal = (e, { context }) =>
  e.employmentPeriod.start > context.today
    ? `employment starts on ${e.employmentPeriod.start}, after today (${context.today})`
    : undefined;

const under16: Refusal = (e, { submission }) => {
  const age = ageAtPeriodEnd(e, submission);
  return age < 16 ? `the employee is ${age}, under 16, on ${submission.payReferencePeriod.end}` : undefined;
};

const aged75OrOver: Refusal = (e, { submission }) => {
  const age = ageAtPeriodEnd(e, submission);
  return age >= 75
    ? `the employee is ${age}, 75 or over, on ${submission.payReferencePeriod.end}`
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
  noContribution('employerContributionAmount', 'D/AC05', alreadyInQualifyingScheme),
  noContribution('employerContributionAmount', 'D/AC06', statusNotKnown),
  noContribution('employerContributionAmount', 'D/AC08', startsInFuture),
  // TPP refuses contributions for under-16s but publishes no API code; AC10 is the gap beside AC11.
  noContribution('employerContributionAmount', 'D/AC10', under16),
  noContribution('employerContributionAmount', 'D/AC11', aged75OrOver),
  noContribution('employeeContributionAmount', 'D/AD05', alreadyInQualifyingScheme),
  noContribution('employeeContributionAmount', 'D/AD06', statusNotKnown),
  noContribution('employeeContributionAmount', 'D/AD08', startsInFuture),
  noContribution('employeeContributionAmount', 'D/AD10', under16),
  noContribution('employeeContributionAmount', 'D/AD11', aged75OrOver),
  { code: 'T/T01', check: totalMatches },
];
