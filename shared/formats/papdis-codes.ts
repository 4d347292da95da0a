import {
  type CanonicalEmployee,
  type CanonicalSubmission,
  PAY_FREQUENCIES,
} from '#domain/canonical-submission';
import { ageOn } from '#domain/pay-periods';

/**
 * PAPDIS code tables and how the canonical model maps onto them. Every choice the public material does not
 * settle is marked [I] (domain-notes §3.4 labels), so a correction happens here and nowhere else;
 * docs/papdis-and-pass.md explains each one.
 */

/** The versions the gateway writes: Staffology's PapdisVersion enum [L] (wire-evidence §5). */
export const PAPDIS_VERSIONS = ['PAP11', 'PAP10'] as const;
export type PapdisVersion = (typeof PAPDIS_VERSIONS)[number];

/**
 * The version strings read, and the version each means. Files in the wild also say `PAP01`: the public
 * PAPDIS-gen writes it, and it is the document code of Smart's "CSV Specification – PAPDIS 1.0 – PAP01"
 * (wire-evidence §5), so it is read as 1.0.
 */
export const PAPDIS_VERSIONS_READ: Readonly<Record<string, PapdisVersion>> = {
  PAP11: 'PAP11',
  PAP10: 'PAP10',
  PAP01: 'PAP10',
};

/**
 * [I] PAPDIS examples only ever show M1; the values look like HMRC RTI's pay frequencies, which are exactly
 * the canonical `payFrequency` values, so they pass through unchanged.
 */
export const FREQUENCY_CODES = PAY_FREQUENCIES;

/**
 * Written as 1/0: the public PAPDIS-gen writes `0` and Staffology models the field as a boolean (wire-evidence
 * §5); no source writes Y/N. The official value list is unpublished, so [L] rather than [C].
 */
export const SALARY_SACRIFICE = { yes: '1', no: '0' } as const;

/**
 * Every spelling read, letters in any case: 1/0 (PAPDIS-gen), true/false (Staffology's boolean) and the Y/N
 * the gateway itself wrote before.
 */
export const SALARY_SACRIFICE_READ: Readonly<Record<string, boolean>> = {
  '1': true,
  '0': false,
  true: true,
  false: false,
  y: true,
  n: false,
};

/** [I] MessageFunctionCode order after Staffology's enum; blank is read as 0 = Enrol / Receive Contributions. */
export const ENROL_AND_CONTRIBUTE = 0;

/** '' is a blank AssessmentCode: "not a member of the scheme" (PensionSync). */
export type AssessmentCode = '' | '0' | '1' | '2' | '3';
export type EventCode = '0' | '1' | '2' | '3';

interface Codes {
  assessmentCode: AssessmentCode;
  eventCode: EventCode;
}

export interface PapdisAssessment extends Codes {
  /** ISO date; absent when nobody joined. */
  eventDate?: string;
}

type Status = CanonicalEmployee['autoEnrolmentStatus'];
type EnrolmentDateField = 'autoEnrolmentDate' | 'optInDate' | 'schemeJoinDate';
export type Enrolment = Pick<CanonicalEmployee, 'autoEnrolmentStatus' | EnrolmentDateField>;

/**
 * A member and the date they joined, with the codes of the joining event [C] (PensionSync "common
 * combinations"; Smart/Thrive tables). The first row for an AssessmentCode is what an ongoing member
 * (EventCode 0) reads back as, so an eligible member who once opted in comes back as auto-enrolled.
 */
const ENROLMENTS: readonly {
  status: Status;
  date: EnrolmentDateField;
  assessment: AssessmentCode;
  event: EventCode;
}[] = [
  { status: 'Eligible', date: 'autoEnrolmentDate', assessment: '1', event: '1' },
  { status: 'Eligible', date: 'optInDate', assessment: '1', event: '2' },
  { status: 'Non Eligible', date: 'optInDate', assessment: '2', event: '2' },
  { status: 'Entitled', date: 'schemeJoinDate', assessment: '3', event: '3' },
];

/**
 * Workers with no enrolment date of their own. AssessmentCode 0 ("excluded: need not be assessed, already
 * in a scheme or in none", Smart) covers both no-duties workers and members of another qualifying scheme;
 * of two statuses sharing a pair, the first is the one read back by default.
 */
const WITHOUT_ENROLMENT: Partial<Record<Status, Codes>> = {
  'Already In Qualifying Scheme': { assessmentCode: '0', eventCode: '0' },
  'Not Applicable': { assessmentCode: '0', eventCode: '0' },
  // [I] PAPDIS has no contractual-enrolment code; Smart's 0/3 "joiner who need not be assessed" is nearest.
  'Contractual Enrolment': { assessmentCode: '0', eventCode: '3' },
};

/** Not in the scheme: postponed, not assessed, opted out, or assessed but never joined [C] (PensionSync). */
const NOT_A_MEMBER: Codes = { assessmentCode: '', eventCode: '0' };

/**
 * [I] An enrolment before the pay reference period is an ongoing membership (EventCode 0); one on or after
 * its start is this period's event. The pay reference period, not the pay period, because assessment and
 * enrolment dates are reckoned in it, and it is always present.
 */
function isOngoing(joined: string, payReferencePeriod: CanonicalSubmission['payReferencePeriod']): boolean {
  return joined < payReferencePeriod.start;
}

/** The codes for one employee in one pay reference period. */
export function toPapdisAssessment(
  employee: CanonicalEmployee,
  payReferencePeriod: CanonicalSubmission['payReferencePeriod'],
): PapdisAssessment {
  // [C] PensionSync lists "opted out" among those not in the scheme; AEOptOutDate carries the date.
  if (employee.optOutDate !== undefined) return { ...NOT_A_MEMBER };
  const fixed = WITHOUT_ENROLMENT[employee.autoEnrolmentStatus];
  if (fixed) return { ...fixed };
  for (const { status, date, assessment, event } of ENROLMENTS) {
    const joined = employee[date];
    if (status !== employee.autoEnrolmentStatus || joined === undefined) continue;
    // [I] An ongoing member keeps the date they joined in EventDate (PensionSync: "usually the date the
    // employee was enrolled"); its example leaves it blank, but TPP wants that date on every submission.
    return {
      assessmentCode: assessment,
      eventCode: isOngoing(joined, payReferencePeriod) ? '0' : event,
      eventDate: joined,
    };
  }
  return { ...NOT_A_MEMBER };
}

export type AssessmentReading = { ok: true; enrolment: Enrolment } | { ok: false; message: string };

interface Reading {
  statuses: Status[];
  /** Where EventDate goes; absent when the pair names nobody joining. */
  date?: EnrolmentDateField;
  /** An enrolment event cannot be read without its date. */
  needsDate: boolean;
}

const pairOf = (assessment: string, event: string) => `${assessment || '(blank)'}/${event}`;

/** What each code pair reads back as, derived from the tables above so the two directions cannot drift. */
const READINGS = new Map<string, Reading>([
  [
    pairOf(NOT_A_MEMBER.assessmentCode, NOT_A_MEMBER.eventCode),
    { statuses: ['Not Known'], needsDate: false },
  ],
]);
for (const { status, date, assessment, event } of ENROLMENTS) {
  READINGS.set(pairOf(assessment, event), { statuses: [status], date, needsDate: true });
  if (!READINGS.has(pairOf(assessment, '0'))) {
    READINGS.set(pairOf(assessment, '0'), { statuses: [status], date, needsDate: false });
  }
}
for (const [status, codes] of Object.entries(WITHOUT_ENROLMENT) as [Status, Codes][]) {
  const pair = pairOf(codes.assessmentCode, codes.eventCode);
  const reading = READINGS.get(pair) ?? { statuses: [], needsDate: false };
  READINGS.set(pair, { ...reading, statuses: [...reading.statuses, status] });
}

/** Every code pair a file may carry, for problem messages. */
export const KNOWN_COMBINATIONS: readonly string[] = [...READINGS.keys()].sort();

/** Reads the codes back; a blank EventCode is read as 0 [I]. */
export function fromPapdisAssessment(
  codes: { assessmentCode: string; eventCode: string; eventDate?: string },
  ages: { dateOfBirth?: string; payReferenceEnd?: string },
): AssessmentReading {
  const pair = pairOf(codes.assessmentCode, codes.eventCode || '0');
  const reading = READINGS.get(pair);
  if (!reading) return { ok: false, message: `AssessmentCode/EventCode ${pair} is not a known combination.` };
  const [status = 'Not Known', other] = reading.statuses;
  if (reading.date) {
    if (reading.needsDate && codes.eventDate === undefined) {
      return {
        ok: false,
        message: `AssessmentCode/EventCode ${pair} is an enrolment and needs an EventDate.`,
      };
    }
    const enrolment: Enrolment = { autoEnrolmentStatus: status };
    if (codes.eventDate !== undefined) enrolment[reading.date] = codes.eventDate;
    return { ok: true, enrolment };
  }
  if (codes.eventDate !== undefined) {
    return {
      ok: false,
      message: `AssessmentCode/EventCode ${pair} names nobody joining, so EventDate must be blank.`,
    };
  }
  // [I] 0/0 is shared by "Already In Qualifying Scheme" and "Not Applicable": outside the auto-enrolment
  // ages (16 to 74 on the last day of the pay reference period) it is the latter.
  return { ok: true, enrolment: { autoEnrolmentStatus: other && hasNoDuties(ages) ? other : status } };
}

function hasNoDuties({ dateOfBirth, payReferenceEnd }: { dateOfBirth?: string; payReferenceEnd?: string }) {
  if (dateOfBirth === undefined || payReferenceEnd === undefined) return false;
  const age = ageOn(dateOfBirth, payReferenceEnd);
  return age < 16 || age >= 75;
}
