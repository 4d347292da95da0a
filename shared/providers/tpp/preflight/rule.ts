import type { CanonicalEmployee, CanonicalSubmission } from '#domain/canonical-submission';
import { ageOn, type Period } from '#domain/pay-periods';

/** The account attributes the rules read, in TPP's field names (a subset of what readAccount returns). */
export interface TppSchemeDetails {
  stagingDate?: string;
  nextPayReferencePeriod?: Period;
  workerGroups?: readonly TppWorkerGroup[];
}

export interface TppWorkerGroup {
  id: string;
  /** As TPP sends it: absent or null, and either date absent or null, are all published shapes. */
  effective?: { start?: string | null; end?: string | null } | null;
}

export interface TppPreflightContext {
  /** The period the gateway expects next; wins over the account's nextPayReferencePeriod. */
  expectedPeriod?: Period;
  /** For TPP's "cannot be in the future" rules. */
  today: string;
}

export interface RuleInput {
  submission: CanonicalSubmission;
  details: TppSchemeDetails;
  context: TppPreflightContext;
}

/** One violation before it becomes a Problem: with an employeeIndex, `field` is relative to that employee. */
export interface Finding {
  field: string;
  message: string;
  employeeIndex?: number;
  providedValue?: string;
  expectedValue?: string;
}

export interface TppRule {
  /** The TPP error code the rule prevents. */
  code: string;
  check: (input: RuleInput) => Finding[];
}

type EmployeeCheck = (
  employee: CanonicalEmployee,
  input: RuleInput,
) => Omit<Finding, 'employeeIndex'> | undefined;

/** A rule that looks at one employee at a time. */
export function employeeRule(code: string, check: EmployeeCheck): TppRule {
  return {
    code,
    check: (input) => {
      const findings: Finding[] = [];
      const { employees } = input.submission;
      for (let employeeIndex = 0; employeeIndex < employees.length; employeeIndex++) {
        const finding = check(employees[employeeIndex] as CanonicalEmployee, input);
        if (finding) findings.push({ ...finding, employeeIndex });
      }
      return findings;
    },
  };
}

/** Pounds with pence, as payroll wrote them (5454 → "54.54"). */
export function pounds(pence: number): string {
  return (pence / 100).toFixed(2);
}

/** TPP's age limits (16, 75) are judged here at the end of the pay reference period. */
export function ageAtPeriodEnd(employee: CanonicalEmployee, submission: CanonicalSubmission): number {
  return ageOn(employee.dateOfBirth, submission.payReferencePeriod.end);
}
