import type { CanonicalEmployee, CanonicalSubmission } from '#domain/canonical-submission';
import {
  FREQUENCY_CODES,
  fromPapdisAssessment,
  KNOWN_COMBINATIONS,
  SALARY_SACRIFICE,
  SALARY_SACRIFICE_READ,
  toPapdisAssessment,
} from './papdis-codes.ts';

/**
 * The canonical model as PAPDIS 1.1 fields (names from domain-notes §3.1), the vocabulary the CSV columns
 * and the PASS XML leaves share. Values are strings; dates ISO, money pounds with 2 decimals.
 */

export const PERIOD_FIELDS = [
  'PayPeriodStartDate',
  'PayPeriodEndDate',
  'ContributionDeductionDate',
  'FrequencyCode',
  'TaxPeriod',
  'PayReferenceStartDate',
  'PayReferenceEndDate',
] as const;

export const EMPLOYEE_FIELDS = [
  'Group',
  'Title',
  'Forename1',
  'Forename2',
  'Surname',
  'EmployeeId',
  'BirthDate',
  'Gender',
  'NationalInsuranceNumber',
  'EmploymentStartDate',
  'Address1',
  'Address2',
  'Address3',
  'Address4',
  'Postcode',
  'Country',
  'EmailAddress',
  'Telephone',
  'Mobile',
  'PensionableEarningsAmount',
  'AssessmentCode',
  'EventCode',
  'EventDate',
  'EmployerContributionsAmount',
  'EmployerContributionsPercent',
  'EmployeeContributionsAmount',
  'EmployeeContributionsPercent',
  'AdditionalVoluntaryContributionsAmount',
  'SalarySacrificeIndicator',
  'ExitDate',
  'ExitReasonCode',
  'AEOptOutDate',
] as const;

/** PAPDIS fields the canonical model has no place for: written blank, and refused when a file fills them. */
export const UNHELD_FIELDS = [
  'DeferralDate',
  'AEOptOutReference',
  'EnrolmentCommunicationsIssuedDate',
  'AdditionalVoluntaryContributionsPercent',
  'AnnualSalary',
] as const;

export type PeriodField = (typeof PERIOD_FIELDS)[number];
export type EmployeeField = (typeof EMPLOYEE_FIELDS)[number];
export type PapdisField = PeriodField | EmployeeField | (typeof UNHELD_FIELDS)[number];
export type Fields<F extends string> = Partial<Record<F, string>>;

export const DATE_FIELDS: ReadonlySet<string> = new Set<PapdisField>([
  'PayPeriodStartDate',
  'PayPeriodEndDate',
  'ContributionDeductionDate',
  'PayReferenceStartDate',
  'PayReferenceEndDate',
  'BirthDate',
  'EmploymentStartDate',
  'EventDate',
  'ExitDate',
  'AEOptOutDate',
  'DeferralDate',
  'EnrolmentCommunicationsIssuedDate',
]);

type Period = CanonicalSubmission['payReferencePeriod'];

export function periodFields(submission: CanonicalSubmission): Fields<PeriodField> {
  return {
    PayPeriodStartDate: submission.payPeriod?.start,
    PayPeriodEndDate: submission.payPeriod?.end,
    ContributionDeductionDate: submission.contributionDeductionDate,
    FrequencyCode: submission.payFrequency,
    TaxPeriod: submission.taxPeriod === undefined ? undefined : String(submission.taxPeriod),
    PayReferenceStartDate: submission.payReferencePeriod.start,
    PayReferenceEndDate: submission.payReferencePeriod.end,
  };
}

export function employeeFields(e: CanonicalEmployee, payReferencePeriod: Period): Fields<EmployeeField> {
  const assessment = toPapdisAssessment(e, payReferencePeriod);
  return {
    Group: e.workerGroupId,
    Title: e.title,
    Forename1: e.forename,
    Forename2: e.middleName,
    Surname: e.surname,
    EmployeeId: e.uniqueId,
    BirthDate: e.dateOfBirth,
    Gender: e.gender,
    NationalInsuranceNumber: e.niNumber,
    EmploymentStartDate: e.employmentPeriod.start,
    Address1: e.address.line1,
    Address2: e.address.line2,
    Address3: e.address.line3,
    Address4: e.address.line4,
    Postcode: e.address.line5,
    Country: e.address.country,
    EmailAddress: e.personalEmailAddress,
    Telephone: e.homePhoneNumber,
    Mobile: e.mobilePhoneNumber,
    PensionableEarningsAmount: pounds(e.pensionableEarnings),
    AssessmentCode: assessment.assessmentCode || undefined,
    EventCode: assessment.eventCode,
    EventDate: assessment.eventDate,
    EmployerContributionsAmount: pounds(e.employerContributionAmount),
    EmployerContributionsPercent: decimal(e.employerContributionPercent),
    EmployeeContributionsAmount: pounds(e.employeeContributionAmount),
    EmployeeContributionsPercent: decimal(e.employeeContributionPercent),
    AdditionalVoluntaryContributionsAmount: pounds(e.additionalVoluntaryContributionAmount),
    SalarySacrificeIndicator:
      e.salarySacrifice === undefined ? undefined : SALARY_SACRIFICE[e.salarySacrifice ? 'yes' : 'no'],
    // [I] PAPDIS has one exit date; the canonical PAPDIS field wins over TPP's employment end.
    ExitDate: e.exitDate ?? e.employmentPeriod.end,
    ExitReasonCode: e.exitReasonCode,
    AEOptOutDate: e.optOutDate,
  };
}

/** Exact: integer pence split into pounds and pence, never a float division printed. */
function pounds<T extends number | undefined>(pence: T): T extends number ? string : string | undefined;
function pounds(pence: number | undefined): string | undefined {
  if (pence === undefined) return undefined;
  return `${Math.trunc(pence / 100)}.${String(pence % 100).padStart(2, '0')}`;
}

function decimal(value: number | undefined): string | undefined {
  return value === undefined ? undefined : plainDecimal(value);
}

/**
 * The shortest decimal that reads back as the same number (JavaScript's own), with any exponent written
 * out: 1e-7 as 0.0000001. Not `Intl.NumberFormat`, whose first use loads ICU's locale data: 15-20 ms of
 * every cold start of a function that bundles this file (docs/cold-start.md).
 */
export function plainDecimal(value: number): string {
  const text = String(value);
  const exponentAt = text.indexOf('e');
  if (exponentAt < 0) return text;
  const sign = text.startsWith('-') ? '-' : '';
  const [whole = '', fraction = ''] = text.slice(sign.length, exponentAt).split('.');
  const digits = whole + fraction;
  const point = whole.length + Number(text.slice(exponentAt + 1));
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** A field the file got wrong, before the caller adds where in the file it was. */
export interface FieldProblem {
  field: PapdisField;
  code: string;
  message: string;
  value: string;
  expected?: string;
}

export type Report = (problem: FieldProblem) => void;

/** Wire shape (pounds, unchecked strings) for `parseSubmission`; undefined keys are left out. */
export type Wire = Record<string, unknown>;

export function periodFromFields(f: Fields<PeriodField>, report: Report): Wire {
  const payPeriod = period(f.PayPeriodStartDate, f.PayPeriodEndDate);
  return compact({
    // [I] Files without the pay reference columns (most in the wild) are taken to be paid by reference period.
    payReferencePeriod: period(f.PayReferenceStartDate, f.PayReferenceEndDate) ?? payPeriod,
    payPeriod,
    payFrequency: oneOf(f, 'FrequencyCode', FREQUENCY_CODES, report),
    taxPeriod: number(f, 'TaxPeriod', INTEGER, 'a whole number, e.g. 7', report),
    contributionDeductionDate: f.ContributionDeductionDate,
  });
}

export function employeeFromFields(
  f: Fields<EmployeeField>,
  payReferenceEnd: string | undefined,
  report: Report,
): Wire {
  const reading = fromPapdisAssessment(
    { assessmentCode: f.AssessmentCode ?? '', eventCode: f.EventCode ?? '', eventDate: f.EventDate },
    { dateOfBirth: f.BirthDate, payReferenceEnd },
  );
  if (!reading.ok) {
    report({
      field: 'AssessmentCode',
      code: 'papdis.invalid_assessment',
      message: reading.message,
      value: `${f.AssessmentCode ?? ''}/${f.EventCode ?? ''}`,
      expected: KNOWN_COMBINATIONS.join(', '),
    });
  }
  const salarySacrifice = salarySacrificeFrom(f, report);
  return compact({
    title: f.Title,
    gender: f.Gender,
    forename: f.Forename1,
    middleName: f.Forename2,
    surname: f.Surname,
    dateOfBirth: f.BirthDate,
    niNumber: f.NationalInsuranceNumber,
    uniqueId: f.EmployeeId,
    address: compact({
      line1: f.Address1,
      line2: f.Address2,
      line3: f.Address3,
      line4: f.Address4,
      line5: f.Postcode,
      country: f.Country,
    }),
    homePhoneNumber: f.Telephone,
    mobilePhoneNumber: f.Mobile,
    personalEmailAddress: f.EmailAddress,
    // [I] The one PAPDIS exit date is both the employment end TPP wants and the PAPDIS exit.
    employmentPeriod: compact({ start: f.EmploymentStartDate, end: f.ExitDate }),
    workerGroupId: f.Group,
    ...(reading.ok ? reading.enrolment : {}),
    optOutDate: f.AEOptOutDate,
    pensionableEarnings: amount(f, 'PensionableEarningsAmount', report),
    employerContributionAmount: amount(f, 'EmployerContributionsAmount', report),
    employeeContributionAmount: amount(f, 'EmployeeContributionsAmount', report),
    employerContributionPercent: number(f, 'EmployerContributionsPercent', DECIMAL_TEXT, PERCENT, report),
    employeeContributionPercent: number(f, 'EmployeeContributionsPercent', DECIMAL_TEXT, PERCENT, report),
    additionalVoluntaryContributionAmount: amount(f, 'AdditionalVoluntaryContributionsAmount', report),
    salarySacrifice,
    exitDate: f.ExitDate,
    exitReasonCode: f.ExitReasonCode,
  });
}

const POUNDS_TEXT = /^\d+(\.\d{1,2})?$/;
const DECIMAL_TEXT = /^\d+(\.\d+)?$/;
const INTEGER = /^\d+$/;
const PERCENT = 'a percentage as a plain number, e.g. 5 or 2.5';

function amount<F extends string>(f: Fields<F>, field: F & PapdisField, report: Report): number | undefined {
  return number(f, field, POUNDS_TEXT, 'pounds with at most 2 decimal places, e.g. 1818.06', report);
}

function number<F extends string>(
  f: Fields<F>,
  field: F & PapdisField,
  shape: RegExp,
  expected: string,
  report: Report,
): number | undefined {
  const value = f[field];
  if (value === undefined) return undefined;
  if (shape.test(value)) return Number(value);
  report({ field, code: 'papdis.invalid_number', message: `${field} is not ${expected}.`, value, expected });
  return undefined;
}

function salarySacrificeFrom(f: Fields<EmployeeField>, report: Report): boolean | undefined {
  const value = f.SalarySacrificeIndicator;
  if (value === undefined) return undefined;
  const reading = SALARY_SACRIFICE_READ[value.trim().toLowerCase()];
  if (reading !== undefined) return reading;
  const expected = Object.keys(SALARY_SACRIFICE_READ).join(', ');
  report({
    field: 'SalarySacrificeIndicator',
    code: 'papdis.invalid_code',
    message: `SalarySacrificeIndicator must be one of ${expected} (letters in any case).`,
    value,
    expected,
  });
  return undefined;
}

function oneOf<F extends string, C extends string>(
  f: Fields<F>,
  field: F & PapdisField,
  codes: readonly C[],
  report: Report,
): C | undefined {
  const value = f[field];
  if (value === undefined) return undefined;
  if ((codes as readonly string[]).includes(value)) return value as C;
  const expected = codes.join(', ');
  report({
    field,
    code: 'papdis.invalid_code',
    message: `${field} must be one of ${expected}.`,
    value,
    expected,
  });
  return undefined;
}

function period(start: string | undefined, end: string | undefined): Wire | undefined {
  return start === undefined && end === undefined ? undefined : compact({ start, end });
}

function compact(object: Record<string, unknown>): Wire {
  for (const key of Object.keys(object)) if (object[key] === undefined) delete object[key];
  return object;
}
