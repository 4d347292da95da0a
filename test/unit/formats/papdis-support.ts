import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { type CanonicalEmployee, type CanonicalSubmission, TITLES } from '#domain/canonical-submission';
import { toPounds } from '#domain/money';
import { parseSubmission } from '#domain/parse-submission';

/** Shared by the PAPDIS CSV, PASS XML and code tests. */

export function fixtureWire(): any {
  return JSON.parse(readFileSync(new URL('../../fixtures/submission.json', import.meta.url), 'utf8'));
}

export function canonical(wire: unknown): CanonicalSubmission {
  const parsed = parseSubmission(wire);
  if (!parsed.ok) throw new Error(`invalid submission: ${JSON.stringify(parsed.problems.slice(0, 3))}`);
  return parsed.submission;
}

export function fixture(): CanonicalSubmission {
  return canonical(fixtureWire());
}

/** The fixture's first employee with some fields replaced (wire shape, so money in pounds). */
export function withEmployee(changes: Record<string, unknown>): CanonicalSubmission {
  const wire = fixtureWire();
  wire.employees = [{ ...wire.employees[0], ...changes }];
  return canonical(wire);
}

export function onlyEmployee(submission: CanonicalSubmission): CanonicalEmployee {
  const [employee] = submission.employees;
  if (!employee) throw new Error('no employees');
  return employee;
}

/** Pay reference period of the generated submissions: enrolments before it are ongoing. */
export const PERIOD = { start: '2026-11-02', end: '2026-11-08' };

const isoDate = (from: string, to: string) =>
  fc
    .date({ min: new Date(`${from}T00:00:00Z`), max: new Date(`${to}T00:00:00Z`), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));

/**
 * Cells a spreadsheet would run, CSV and XML syntax, line breaks, characters XML cannot carry (controls,
 * lone surrogates) and any code point at all.
 */
export const hostile = fc
  .tuple(
    fc.constantFrom('', '=', '+', '-', '@', '\t', '\r', "'=", "''+", '"', ',', '\n', '\r\n', '<', '&', ' '),
    fc.string({ unit: 'binary', maxLength: 12 }),
    fc.constantFrom(
      '',
      ',',
      '"',
      '\n',
      '\r',
      ']]>',
      '&amp;',
      "'",
      ' ',
      '\u0000',
      '\uD800',
      '\uDC00',
      '\uFFFE',
    ),
  )
  .map((parts) => parts.join(''));

/** Non-blank after trimming, as names and ids must be. */
const hostileName = hostile.filter((s) => s.trim().length > 0 && s.length <= 40);
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const pounds = fc.integer({ min: 0, max: 10_000_000 }).map(toPounds);
const percent = fc.integer({ min: 0, max: 10_000 }).map((n) => n / 100);

/** Every status with the date it needs, and a birth date that fits it (0/0 is told apart by age). */
const enrolment = fc.oneof(
  fc.record({
    autoEnrolmentStatus: fc.constant('Eligible'),
    autoEnrolmentDate: isoDate('2012-10-01', '2026-11-30'),
  }),
  // Only a new opt-in keeps its kind: an ongoing one reads back as auto-enrolment (papdis-codes.ts).
  fc.record({ autoEnrolmentStatus: fc.constant('Eligible'), optInDate: isoDate(PERIOD.start, '2026-11-30') }),
  fc.record({
    autoEnrolmentStatus: fc.constant('Non Eligible'),
    optInDate: isoDate('2012-10-01', '2026-11-30'),
  }),
  fc.record({
    autoEnrolmentStatus: fc.constant('Entitled'),
    schemeJoinDate: isoDate('2012-10-01', '2026-11-30'),
  }),
  fc.record({
    autoEnrolmentStatus: fc.constant('Not Known'),
    optOutDate: optional(isoDate('2013-01-01', PERIOD.end)),
  }),
  fc.record({ autoEnrolmentStatus: fc.constant('Contractual Enrolment') }),
  fc.record({ autoEnrolmentStatus: fc.constant('Already In Qualifying Scheme') }),
  fc.record({
    autoEnrolmentStatus: fc.constant('Not Applicable'),
    dateOfBirth: fc.oneof(isoDate('1925-01-01', '1950-12-31'), isoDate('2011-01-01', '2020-12-31')),
  }),
);

const employee = fc
  .record({
    title: fc.constantFrom(...TITLES),
    gender: fc.constantFrom('M', 'F'),
    forename: hostileName,
    middleName: optional(hostileName),
    surname: hostileName,
    dateOfBirth: isoDate('1955-01-01', '2005-12-31'),
    niNumber: optional(hostileName),
    uniqueId: hostileName,
    address: fc.record({
      line1: hostileName,
      line2: optional(hostileName),
      line3: optional(hostileName),
      line4: optional(hostileName),
      line5: optional(hostileName),
      country: optional(hostileName),
    }),
    homePhoneNumber: optional(hostileName),
    mobilePhoneNumber: optional(hostileName),
    personalEmailAddress: optional(fc.stringMatching(/^[a-z][a-z0-9]{0,10}@example\.co\.uk$/)),
    start: isoDate('2000-01-01', '2020-12-31'),
    // PAPDIS has one exit date, so the generated employment end and exit date agree.
    exit: optional(isoDate('2021-01-01', '2026-11-08')),
    workerGroupId: hostileName,
    enrolment,
    pensionableEarnings: pounds,
    employerContributionAmount: pounds,
    employeeContributionAmount: pounds,
    employerContributionPercent: optional(percent),
    employeeContributionPercent: optional(percent),
    additionalVoluntaryContributionAmount: optional(pounds),
    salarySacrifice: optional(fc.boolean()),
    exitReasonCode: optional(hostileName),
  })
  .map(({ start, exit, enrolment, ...rest }) => ({
    ...rest,
    ...enrolment,
    employmentPeriod: { start, end: exit },
    exitDate: exit,
  }));

/** Valid canonical submissions in wire shape (pounds). */
export const submissions = fc
  .record({
    employees: fc.array(employee, { minLength: 1, maxLength: 5 }),
    payPeriod: optional(fc.constant({ start: '2026-11-01', end: '2026-11-30' })),
    payFrequency: optional(fc.constantFrom('W1', 'W2', 'W4', 'M1', 'M3', 'M6', 'MA')),
    taxPeriod: optional(fc.integer({ min: 1, max: 53 })),
    contributionDeductionDate: optional(isoDate('2026-11-01', '2026-12-31')),
  })
  .map((rest) => ({ payReferencePeriod: PERIOD, ...rest }));
