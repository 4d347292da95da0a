import type { CanonicalEmployee } from '#domain/canonical-submission';
import { ageAtPeriodEnd, employeeRule, type RuleInput, type TppRule } from './rule.ts';

type Status = CanonicalEmployee['autoEnrolmentStatus'];
type DateField = 'autoEnrolmentDate' | 'optInDate' | 'schemeJoinDate' | 'optOutDate';
type EnrolmentDateField = Exclude<DateField, 'optOutDate'>;

const LABEL: Record<DateField, string> = {
  autoEnrolmentDate: 'auto-enrolment date',
  optInDate: 'opt-in date',
  schemeJoinDate: 'scheme join date',
  optOutDate: 'opt-out date',
};

/** The date TPP enrols an employee from depends on the status; each date belongs to exactly one status. */
const ENROLMENT_DATE_OF: Partial<Record<Status, EnrolmentDateField>> = {
  Eligible: 'autoEnrolmentDate',
  'Non Eligible': 'optInDate',
  Entitled: 'schemeJoinDate',
};

/** A date an enrolment or opt-out date may not precede. */
interface Bound {
  label: string;
  date: (employee: CanonicalEmployee, input: RuleInput) => string | undefined;
}

const STAGING: Bound = { label: 'the staging date', date: (_, { details }) => details.stagingDate };
const BIRTH: Bound = { label: 'the date of birth', date: (employee) => employee.dateOfBirth };
const EMPLOYMENT_START: Bound = {
  label: 'the employment start date',
  date: (employee) => employee.employmentPeriod.start,
};
const ENROLMENT: Bound = {
  label: 'the enrolment date',
  date: (employee) => {
    const field = ENROLMENT_DATE_OF[employee.autoEnrolmentStatus];
    return field && employee[field];
  },
};

function mustBeBlank(field: EnrolmentDateField, status: Status, code: string): TppRule {
  return employeeRule(code, (employee) => {
    const value = employee[field];
    if (employee.autoEnrolmentStatus !== status || value === undefined) return undefined;
    return {
      field,
      message: `The ${LABEL[field]} ${value} must be blank when the auto-enrolment status is "${status}".`,
      providedValue: value,
    };
  });
}

function requiredFor(field: EnrolmentDateField, status: Status, code: string): TppRule {
  return employeeRule(code, (employee) =>
    employee.autoEnrolmentStatus === status && employee[field] === undefined
      ? { field, message: `An employee whose auto-enrolment status is "${status}" needs a ${LABEL[field]}.` }
      : undefined,
  );
}

function notBefore(field: DateField, bound: Bound, code: string): TppRule {
  return employeeRule(code, (employee, input) => {
    const value = employee[field];
    const limit = bound.date(employee, input);
    if (value === undefined || limit === undefined || value >= limit) return undefined;
    return {
      field,
      message: `The ${LABEL[field]} ${value} is before ${bound.label} ${limit}.`,
      providedValue: value,
      expectedValue: `on or after ${limit}`,
    };
  });
}

/** D/Y04: an opt-out cannot be confirmed before it happened. */
const optOutNotInFuture = employeeRule('D/Y04', (employee, { context }) => {
  const value = employee.optOutDate;
  if (value === undefined || value <= context.today) return undefined;
  return {
    field: 'optOutDate',
    message: `The opt-out date ${value} is in the future (today is ${context.today}).`,
    providedValue: value,
    expectedValue: `on or before ${context.today}`,
  };
});

/** D/V02: "Not Applicable" is only for employees aged 75 or over. */
const notApplicableFrom75 = employeeRule('D/V02', (employee, { submission }) => {
  if (employee.autoEnrolmentStatus !== 'Not Applicable') return undefined;
  const age = ageAtPeriodEnd(employee, submission);
  if (age >= 75) return undefined;
  return {
    field: 'autoEnrolmentStatus',
    message: `The auto-enrolment status "Not Applicable" is only for employees aged 75 or over; this employee is ${age} on ${submission.payReferencePeriod.end}.`,
    providedValue: employee.autoEnrolmentStatus,
  };
});

export const ENROLMENT_RULES: readonly TppRule[] = [
  notApplicableFrom75,

  requiredFor('autoEnrolmentDate', 'Eligible', 'D/W02'),
  mustBeBlank('autoEnrolmentDate', 'Non Eligible', 'D/W03'),
  mustBeBlank('autoEnrolmentDate', 'Entitled', 'D/W04'),
  mustBeBlank('autoEnrolmentDate', 'Not Known', 'D/W05'),
  mustBeBlank('autoEnrolmentDate', 'Not Applicable', 'D/W06'),
  mustBeBlank('autoEnrolmentDate', 'Contractual Enrolment', 'D/W07'),
  mustBeBlank('autoEnrolmentDate', 'Already In Qualifying Scheme', 'D/W08'),
  notBefore('autoEnrolmentDate', STAGING, 'D/W09'),
  notBefore('autoEnrolmentDate', BIRTH, 'D/W12'),
  notBefore('autoEnrolmentDate', EMPLOYMENT_START, 'D/W15'),

  mustBeBlank('schemeJoinDate', 'Eligible', 'D/X02'),
  mustBeBlank('schemeJoinDate', 'Non Eligible', 'D/X03'),
  mustBeBlank('schemeJoinDate', 'Not Known', 'D/X04'),
  mustBeBlank('schemeJoinDate', 'Not Applicable', 'D/X05'),
  // TPP publishes no code for these two statuses; X06/X07 fill the gap before X08 by analogy with D/W07-08.
  mustBeBlank('schemeJoinDate', 'Contractual Enrolment', 'D/X06'),
  mustBeBlank('schemeJoinDate', 'Already In Qualifying Scheme', 'D/X07'),
  notBefore('schemeJoinDate', STAGING, 'D/X08'),
  notBefore('schemeJoinDate', BIRTH, 'D/X11'),
  notBefore('schemeJoinDate', EMPLOYMENT_START, 'D/X12'),
  requiredFor('schemeJoinDate', 'Entitled', 'D/X13'),

  mustBeBlank('optInDate', 'Eligible', 'D/Z02'),
  mustBeBlank('optInDate', 'Entitled', 'D/Z03'),
  mustBeBlank('optInDate', 'Not Known', 'D/Z04'),
  mustBeBlank('optInDate', 'Not Applicable', 'D/Z05'),
  // As for D/X06-07: unpublished numbers, inferred.
  mustBeBlank('optInDate', 'Contractual Enrolment', 'D/Z06'),
  mustBeBlank('optInDate', 'Already In Qualifying Scheme', 'D/Z07'),
  notBefore('optInDate', STAGING, 'D/Z08'),
  notBefore('optInDate', EMPLOYMENT_START, 'D/Z11'),

  notBefore('optOutDate', ENROLMENT, 'D/Y02'),
  notBefore('optOutDate', EMPLOYMENT_START, 'D/Y03'),
  optOutNotInFuture,
  notBefore('optOutDate', STAGING, 'D/Y06'),
];
