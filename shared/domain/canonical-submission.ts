import * as z from 'zod/mini';
import { isIsoDate } from './dates.ts';
import { isPounds, toPence } from './money.ts';

/**
 * The one format payroll sends, whatever the provider: TPP's field names, plus what PAPDIS and PASS need
 * and TPP does not. Money arrives in pounds and is held in pence.
 *
 * zod/mini (a quarter of classic zod's bytes in each function that parses a payroll): its messages are
 * English only when the parse is given them, so parse with `englishIssues` (./schema-problems.ts).
 */

const isoDate = z.string().check(z.refine(isIsoDate, { message: 'must be a calendar date as YYYY-MM-DD' }));

const money = z.pipe(
  z
    .number()
    .check(z.nonnegative(), z.refine(isPounds, { message: 'must be pounds with at most 2 decimal places' })),
  z.transform(toPence),
);

const percent = z.number().check(z.gte(0), z.lte(100));

/** A string that is not blank, trimmed. */
const nonBlank = (max?: number) =>
  z.string().check(z.trim(), z.minLength(1), ...(max === undefined ? [] : [z.maxLength(max)]));

const period = z
  .object({ start: isoDate, end: isoDate })
  .check(z.refine((p) => p.start <= p.end, { message: 'end must not be before start', path: ['end'] }));

export const TITLES = ['Mr', 'Mrs', 'Miss', 'Ms', 'Mx', 'Dr', 'Sir'] as const;

const AUTO_ENROLMENT_STATUSES = [
  'Eligible',
  'Non Eligible',
  'Entitled',
  'Not Known',
  'Not Applicable',
  'Contractual Enrolment',
  'Already In Qualifying Scheme',
] as const;

/** Exported for PAPDIS's FrequencyCode, which takes them unchanged (papdis-codes.ts). */
export const PAY_FREQUENCIES = ['W1', 'W2', 'W4', 'M1', 'M3', 'M6', 'MA'] as const;

export const canonicalEmployee = z.strictObject({
  title: z.enum(TITLES),
  gender: z.enum(['M', 'F']),
  forename: nonBlank(),
  middleName: z.optional(z.string()),
  surname: nonBlank(),
  dateOfBirth: isoDate,
  niNumber: z.optional(z.string()),
  uniqueId: nonBlank(50),
  address: z.strictObject({
    line1: nonBlank(),
    line2: z.optional(z.string()),
    line3: z.optional(z.string()),
    line4: z.optional(z.string()),
    line5: z.optional(z.string()),
    country: z.optional(z.string()),
  }),
  homePhoneNumber: z.optional(z.string()),
  mobilePhoneNumber: z.optional(z.string()),
  personalEmailAddress: z.optional(z.email()),
  employmentPeriod: z.strictObject({ start: isoDate, end: z.optional(isoDate) }).check(
    z.refine((p) => p.end === undefined || p.start <= p.end, {
      message: 'end must not be before start',
      path: ['end'],
    }),
  ),
  workerGroupId: z.string().check(z.minLength(1), z.maxLength(40)),
  autoEnrolmentStatus: z.enum(AUTO_ENROLMENT_STATUSES),
  autoEnrolmentDate: z.optional(isoDate),
  optInDate: z.optional(isoDate),
  schemeJoinDate: z.optional(isoDate),
  optOutDate: z.optional(isoDate),
  pensionableEarnings: money,
  employerContributionAmount: money,
  employeeContributionAmount: money,
  partialContributionReason: z.optional(z.literal('Employee Transfer')),
  // Needed by PAPDIS and PASS; TPP does not take them.
  employerContributionPercent: z.optional(percent),
  employeeContributionPercent: z.optional(percent),
  additionalVoluntaryContributionAmount: z.optional(money),
  salarySacrifice: z.optional(z.boolean()),
  exitDate: z.optional(isoDate),
  exitReasonCode: z.optional(z.string()),
});

export const canonicalSubmission = z.strictObject({
  payReferencePeriod: period,
  employees: z.array(canonicalEmployee).check(z.minLength(1)),
  /** Sum of employer and employee contributions, a check on the payroll's own arithmetic. */
  total: z.optional(money),
  // Needed by PAPDIS and PASS; TPP does not take them.
  payPeriod: z.optional(period),
  payFrequency: z.optional(z.enum(PAY_FREQUENCIES)),
  taxPeriod: z.optional(z.number().check(z.int(), z.gte(1), z.lte(53))),
  contributionDeductionDate: z.optional(isoDate),
});

/** Held shape (pence). */
export type CanonicalSubmission = z.output<typeof canonicalSubmission>;
export type CanonicalEmployee = z.output<typeof canonicalEmployee>;

/** Employer plus employee contributions over the whole submission, in pence. */
export function contributionsTotal(employees: readonly CanonicalEmployee[]): number {
  let pence = 0;
  for (const e of employees) pence += e.employerContributionAmount + e.employeeContributionAmount;
  return pence;
}
