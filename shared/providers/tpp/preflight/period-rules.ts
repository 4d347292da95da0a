import { addMonths, FREQUENCIES, isPeriodOf } from '#domain/pay-periods';
import type { Finding, RuleInput, TppRule } from './rule.ts';

/** Auto-enrolment began on this day; TPP refuses a first period that starts earlier. */
const AUTO_ENROLMENT_BEGAN = '2012-10-01';

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
