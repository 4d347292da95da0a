import {
  addMonths,
  FREQUENCIES,
  type Frequency,
  isPeriodOf,
  nextPeriod,
  type Period,
} from '#domain/pay-periods';
import type { Finding, RuleInput, TppRule } from './rule.ts';

/** Auto-enrolment began on this day; TPP refuses a first period that starts earlier. */
const AUTO_ENROLMENT_BEGAN = '2012-10-01';

/**
 * How far a backlog may run ahead: a period up to this many periods after TPP's next expected one is taken
 * (a year of monthly periods, three months of weekly ones) and waits in the account's queue for the ones
 * before it; further ahead is H/D03.
 */
export const BACKLOG_BOUND = 12;

/**
 * The period the gateway expects for `period`, given TPP's next expected one and the periods already on
 * their way for the account. Consecutive periods from TPP's next one form a chain; each pending period
 * holds its place. A period landing on a free place of the chain, within BACKLOG_BOUND periods after TPP's
 * next one, is expected as it is — so a backlog posted at once is accepted in any order and the queue sends
 * it earliest first. Otherwise the first free place is what H/D03 names.
 */
export function expectedInChain(
  next: Period | undefined,
  frequency: Frequency | undefined,
  pending: readonly Period[],
  period: Period,
): Period | undefined {
  if (!next || !frequency) return next;
  let place = next;
  let firstFree: Period | undefined;
  for (let ahead = 0; ahead <= BACKLOG_BOUND; ahead++) {
    if (!pending.some((p) => p.start === place.start)) {
      if (place.start === period.start) return place;
      firstFree ??= place;
    }
    place = nextPeriod(place, frequency);
  }
  return firstFree ?? place;
}

/** H/D03: the period must be the one TPP (or the gateway) expects next, start and end alike. */
function expectedPeriod({ submission, details, context }: RuleInput): Finding[] {
  const expected = context.expectedPeriod ?? details.nextPayReferencePeriod;
  if (!expected) return [];
  return (['start', 'end'] as const)
    .filter((side) => submission.payReferencePeriod[side] !== expected[side])
    .map((side) => ({
      field: `payReferencePeriod.${side}`,
      message: `The pay reference period ${side}s on ${submission.payReferencePeriod[side]}, but the next expected period runs ${expected.start} to ${expected.end}.`,
      providedValue: submission.payReferencePeriod[side],
      expectedValue: expected[side],
    }));
}

// TPP applies the H/P rules to an account's first submission only; an account with no
// nextPayReferencePeriod has no history to continue from, so that is the only time they are checked.
function isFirstSubmission(input: RuleInput): boolean {
  return input.details.nextPayReferencePeriod === undefined;
}

/** H/P02: a first period is one week, two, four, or one month long. */
function firstPeriodLength(input: RuleInput): Finding[] {
  const period = input.submission.payReferencePeriod;
  if (!isFirstSubmission(input) || FREQUENCIES.some((f) => isPeriodOf(period, f))) return [];
  return [
    {
      field: 'payReferencePeriod.end',
      message: `The pay reference period ${period.start} to ${period.end} is not one week, two weeks, four weeks or one month long.`,
      providedValue: period.end,
    },
  ];
}

/** H/P03: a first period cannot start before auto-enrolment began. */
function firstPeriodNotBeforeAutoEnrolment(input: RuleInput): Finding[] {
  const { start } = input.submission.payReferencePeriod;
  if (!isFirstSubmission(input) || start >= AUTO_ENROLMENT_BEGAN) return [];
  return [
    {
      field: 'payReferencePeriod.start',
      message: `The pay reference period starts on ${start}, before auto-enrolment began on ${AUTO_ENROLMENT_BEGAN}.`,
      providedValue: start,
      expectedValue: AUTO_ENROLMENT_BEGAN,
    },
  ];
}

/** H/P04: a first period starts no later than three months after the staging date. */
function firstPeriodNearStaging(input: RuleInput): Finding[] {
  const { stagingDate } = input.details;
  const { start } = input.submission.payReferencePeriod;
  if (!isFirstSubmission(input) || !stagingDate) return [];
  const latest = addMonths(stagingDate, 3);
  if (start <= latest) return [];
  return [
    {
      field: 'payReferencePeriod.start',
      message: `The pay reference period starts on ${start}; a first submission can start no later than ${latest}, three months after the staging date ${stagingDate}.`,
      providedValue: start,
      expectedValue: latest,
    },
  ];
}

export const PERIOD_RULES: readonly TppRule[] = [
  { code: 'H/D03', check: expectedPeriod },
  { code: 'H/P02', check: firstPeriodLength },
  { code: 'H/P03', check: firstPeriodNotBeforeAutoEnrolment },
  { code: 'H/P04', check: firstPeriodNearStaging },
];
