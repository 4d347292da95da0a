import type { CanonicalEmployee } from '#domain/canonical-submission';
import { ageAtPeriodEnd, employeeRule, type RuleInput, statusRule, type TppRule } from './rule.ts';

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
  return statusRule(code, status, (employee) => {
    const value = employee[field];
    if (value === undefined) return undefined;
    return {
      field,
      message: `The ${LABEL[field]} ${value} must be blank when the auto-enrolment status is "${status}".`,
      providedValue: value,
    };
  });
}

/**
 * Each enrolment date must be blank under every status but its own (ENROLMENT_DATE_OF), with a code per date
 * and status. TPP publishes none for X06/X07 and Z06/Z07: they fill the gaps by analogy with D/W07-08.
 */
const BLANK_CODES: Record<Status, Partial<Record<EnrolmentDateField, string>>> = {
  Eligible: { schemeJoinDate: 'D/X02', optInDate: 'D/Z02' },
  'Non Eligible': { autoEnrolmentDate: 'D/W03', schemeJoinDate: 'D/X03' },
  Entitled: { autoEnrolmentDate: 'D/W04', optInDate: 'D/Z03' },
  'Not Known': { autoEnrolmentDate: 'D/W05', schemeJoinDate: 'D/X04', optInDate: 'D/Z04' },
  'Not Applicable': { autoEnrolmentDate: 'D/W06', schemeJoinDate: 'D/X05', optInDate: 'D/Z05' },
  'Contractual Enrolment': { autoEnrolmentDate: 'D/W07', schemeJoinDate: 'D/X06', optInDate: 'D/Z06' },
  'Already In Qualifying Scheme': { autoEnrolmentDate: 'D/W08', schemeJoinDate: 'D/X07', optInDate: 'D/Z07' },
};

/** The date's mustBeBlank rules, statuses in BLANK_CODES' order. */
function blankUnlessOwnStatus(field: EnrolmentDateField): TppRule[] {
  return Object.entries(BLANK_CODES).flatMap(([status, codes]) => {
    const code = codes[field];
    return code ? [mustBeBlank(field, status as Status, code)] : [];
  });
}

function requiredFor(field: EnrolmentDateField, status: Status, code: string): TppRule {
  return statusRule(code, status, (employee) =>
    employee[field] === undefined
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
const notApplicableFrom75 = statusRule('D/V02', 'Not Applicable', (employee, { submission }) => {
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
  ...blankUnlessOwnStatus('autoEnrolmentDate'),
  notBefore('autoEnrolmentDate', STAGING, 'D/W09'),
  notBefore('autoEnrolmentDate', BIRTH, 'D/W12'),
  notBefore('autoEnrolmentDate', EMPLOYMENT_START, 'D/W15'),

  ...blankUnlessOwnStatus('schemeJoinDate'),
  notBefore('schemeJoinDate', STAGING, 'D/X08'),
  notBefore('schemeJoinDate', BIRTH, 'D/X11'),
  notBefore('schemeJoinDate', EMPLOYMENT_START, 'D/X12'),
  requiredFor('schemeJoinDate', 'Entitled', 'D/X13'),

  ...blankUnlessOwnStatus('optInDate'),
  notBefore('optInDate', STAGING, 'D/Z08'),
  notBefore('optInDate', EMPLOYMENT_START, 'D/Z11'),

  notBefore('optOutDate', ENROLMENT, 'D/Y02'),
  notBefore('optOutDate', EMPLOYMENT_START, 'D/Y03'),
  optOutNotInFuture,
  notBefore('optOutDate', STAGING, 'D/Y06'),
];
