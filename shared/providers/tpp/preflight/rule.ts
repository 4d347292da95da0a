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

/** A rule about the whole document: its findings may name employees, in any order. */
export interface DocumentRule {
  /** The TPP error code the rule prevents. */
  code: string;
  check: (input: RuleInput) => Finding[];
}

/** A rule about each employee on their own: it can be run on a few employees at a time. */
export interface EmployeesRule {
  code: string;
  /** Adds to `findings`, in employee order, what the rule finds about employees `from` to `to` (excluded). */
  checkEmployees: (input: RuleInput, from: number, to: number, findings: Finding[]) => void;
}

export type TppRule = DocumentRule | EmployeesRule;

export type EmployeeCheck = (
  employee: CanonicalEmployee,
  input: RuleInput,
) => Omit<Finding, 'employeeIndex'> | undefined;

/** A rule that looks at one employee at a time. */
export function employeeRule(code: string, check: EmployeeCheck): EmployeesRule {
  return {
    code,
    checkEmployees: (input, from, to, findings) => {
      const { employees } = input.submission;
      for (let employeeIndex = from; employeeIndex < to; employeeIndex++) {
        const finding = check(employees[employeeIndex] as CanonicalEmployee, input);
        if (finding) findings.push({ ...finding, employeeIndex });
      }
    },
  };
}

type Status = CanonicalEmployee['autoEnrolmentStatus'];

/** A rule about the employees with one auto-enrolment status: the others are not passed to `check`. */
export function statusRule(code: string, status: Status, check: EmployeeCheck): EmployeesRule {
  return {
    code,
    checkEmployees: (input, from, to, findings) => {
      const { employees } = input.submission;
      for (let employeeIndex = from; employeeIndex < to; employeeIndex++) {
        const employee = employees[employeeIndex] as CanonicalEmployee;
        if (employee.autoEnrolmentStatus !== status) continue;
        const finding = check(employee, input);
        if (finding) findings.push({ ...finding, employeeIndex });
      }
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

/** `compute` of one date, kept for the last date asked: rules ask per employee about the submission's dates. */
export function onceForDate<T>(compute: (date: string) => T): (date: string) => T {
  let lastDate: string | undefined;
  let last: T;
  return (date) => {
    if (date !== lastDate) {
      last = compute(date);
      lastDate = date;
    }
    return last;
  };
}

/**
 * `date` (a calendar date from year 100 on) with `years` (0 to 100) taken from its year, month and day kept
 * as text even where that is no calendar date (29 February of a common year): a bound that tells on which
 * side of `date` a birthday falls without working out each employee's. For a calendar date of birth whose
 * `years`th birthday (addYears, 29 February on 1 March in a common year) is in a four-digit year: born on
 * or before the bound ⇒ that birthday is on or before `date`; born on or after it ⇒ on or after `date`.
 * Not the converse: born on 29 February, the birthday on 1 March of a common year is on the bound's day.
 */
export function sameDayYearsBefore(date: string, years: number): string {
  return `${String(Number(date.slice(0, 4)) - years).padStart(4, '0')}${date.slice(4)}`;
}
