import * as z from 'zod';
import { isIsoDate } from './dates.ts';
import { isPounds, toPence } from './money.ts';

/**
 * The one format payroll sends, whatever the provider: TPP's field names, plus what PAPDIS and PASS need
 * and TPP does not. Money arrives in pounds and is held in pence.
 */

const isoDate = z.string().refine(isIsoDate, { message: 'must be a calendar date as YYYY-MM-DD' });

const money = z
  .number()
  .nonnegative()
  .refine(isPounds, { message: 'must be pounds with at most 2 decimal places' })
  .transform(toPence);

const percent = z.number().min(0).max(100);

const period = z
  .object({ start: isoDate, end: isoDate })
  .refine((p) => p.start <= p.end, { message: 'end must not be before start', path: ['end'] });

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
  forename: z.string().trim().min(1),
  middleName: z.string().optional(),
  surname: z.string().trim().min(1),
  dateOfBirth: isoDate,
  niNumber: z.string().optional(),
  uniqueId: z.string().trim().min(1).max(50),
  address: z.strictObject({
    line1: z.string().trim().min(1),
    line2: z.string().optional(),
    line3: z.string().optional(),
    line4: z.string().optional(),
    line5: z.string().optional(),
    country: z.string().optional(),
  }),
  homePhoneNumber: z.string().optional(),
  mobilePhoneNumber: z.string().optional(),
  personalEmailAddress: z.email().optional(),
  employmentPeriod: z
    .strictObject({ start: isoDate, end: isoDate.optional() })
    .refine((p) => p.end === undefined || p.start <= p.end, {
      message: 'end must not be before start',
      path: ['end'],
    }),
  workerGroupId: z.string().min(1).max(40),
  autoEnrolmentStatus: z.enum(AUTO_ENROLMENT_STATUSES),
  autoEnrolmentDate: isoDate.optional(),
  optInDate: isoDate.optional(),
  schemeJoinDate: isoDate.optional(),
  optOutDate: isoDate.optional(),
  pensionableEarnings: money,
  employerContributionAmount: money,
  employeeContributionAmount: money,
  partialContributionReason: z.literal('Employee Transfer').optional(),
  // Needed by PAPDIS and PASS; TPP does not take them.
  employerContributionPercent: percent.optional(),
  employeeContributionPercent: percent.optional(),
  additionalVoluntaryContributionAmount: money.optional(),
  salarySacrifice: z.boolean().optional(),
  exitDate: isoDate.optional(),
  exitReasonCode: z.string().optional(),
});

export const canonicalSubmission = z.strictObject({
  payReferencePeriod: period,
  employees: z.array(canonicalEmployee).min(1),
  /** Sum of employer and employee contributions, a check on the payroll's own arithmetic. */
  total: money.optional(),
  // Needed by PAPDIS and PASS; TPP does not take them.
  payPeriod: period.optional(),
  payFrequency: z.enum(PAY_FREQUENCIES).optional(),
  taxPeriod: z.number().int().min(1).max(53).optional(),
  contributionDeductionDate: isoDate.optional(),
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
