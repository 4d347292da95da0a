import { describe, expect, it } from 'vitest';
import { addDays, periodStarting } from '#domain/pay-periods';
import type { TppSchemeDetails } from '#providers/tpp/preflight/check-tpp-rules';
import { BACKLOG_BOUND, expectedInChain } from '#providers/tpp/preflight/period-rules';
import { ACCOUNT_855969, problemsWith, TODAY, validSubmission } from './support.ts';

const inPeriod = (start: string, end: string) => ({
  ...validSubmission(),
  payReferencePeriod: { start, end },
});

/** An account TPP has no submission for yet: no nextPayReferencePeriod. */
const firstTime = (stagingDate?: string): TppSchemeDetails => ({
  workerGroups: ACCOUNT_855969.workerGroups,
  ...(stagingDate ? { stagingDate } : {}),
});

describe('H/D03 the pay reference period is the expected one', () => {
  it('passes the period the account expects next', () => {
    expect(problemsWith('H/D03', validSubmission())).toEqual([]);
  });

  it('names the end when only the end differs', () => {
    expect(problemsWith('H/D03', inPeriod('2026-11-02', '2026-11-09'))).toEqual([
      {
        code: 'H/D03',
        message: expect.stringContaining('2026-11-09'),
        field: 'payReferencePeriod.end',
        providedValue: '2026-11-09',
        expectedValue: '2026-11-08',
        source: 'gateway',
      },
    ]);
  });

  it('names start and end when the whole period is another one', () => {
    const problems = problemsWith('H/D03', inPeriod('2026-11-09', '2026-11-15'));
    expect(problems.map((p) => [p.field, p.providedValue, p.expectedValue])).toEqual([
      ['payReferencePeriod.start', '2026-11-09', '2026-11-02'],
      ['payReferencePeriod.end', '2026-11-15', '2026-11-08'],
    ]);
    expect(problems.every((p) => p.employeeIndex === undefined)).toBe(true);
  });

  it("prefers the gateway's expected period to the account's", () => {
    const context = { today: TODAY, expectedPeriod: { start: '2026-11-09', end: '2026-11-15' } };
    expect(problemsWith('H/D03', inPeriod('2026-11-09', '2026-11-15'), ACCOUNT_855969, context)).toEqual([]);
    expect(problemsWith('H/D03', validSubmission(), ACCOUNT_855969, context)).toHaveLength(2);
  });

  it('is silent when nothing says which period comes next', () => {
    expect(problemsWith('H/D03', inPeriod('2026-11-09', '2026-11-15'), firstTime('2026-09-01'))).toEqual([]);
  });
});

describe('H/P02 a first period is one week, two, four or one month', () => {
  it.each([
    ['a week', '2026-11-02', '2026-11-08'],
    ['a fortnight', '2026-11-02', '2026-11-15'],
    ['four weeks', '2026-11-02', '2026-11-29'],
    ['a calendar month', '2026-11-01', '2026-11-30'],
    ['a mid-month month', '2026-10-15', '2026-11-14'],
  ])('passes %s', (_label, start, end) => {
    expect(problemsWith('H/P02', inPeriod(start, end), firstTime('2026-09-01'))).toEqual([]);
  });

  it('refuses nine days', () => {
    expect(problemsWith('H/P02', inPeriod('2026-11-02', '2026-11-10'), firstTime('2026-09-01'))).toEqual([
      {
        code: 'H/P02',
        message: expect.stringContaining('2026-11-02 to 2026-11-10'),
        field: 'payReferencePeriod.end',
        providedValue: '2026-11-10',
        source: 'gateway',
      },
    ]);
  });

  it('applies to first submissions only', () => {
    expect(problemsWith('H/P02', inPeriod('2026-11-02', '2026-11-10'))).toEqual([]);
  });
});

describe('H/P03 a first period starts no earlier than 2012-10-01', () => {
  it('passes a period starting that day', () => {
    expect(problemsWith('H/P03', inPeriod('2012-10-01', '2012-10-07'), firstTime())).toEqual([]);
  });

  it('refuses a period starting before it', () => {
    expect(problemsWith('H/P03', inPeriod('2012-09-24', '2012-09-30'), firstTime())).toEqual([
      {
        code: 'H/P03',
        message: expect.stringContaining('2012-09-24'),
        field: 'payReferencePeriod.start',
        providedValue: '2012-09-24',
        expectedValue: '2012-10-01',
        source: 'gateway',
      },
    ]);
  });
});

describe('H/P04 a first period starts within three months of the staging date', () => {
  it('passes a start exactly three months on', () => {
    expect(problemsWith('H/P04', inPeriod('2026-12-01', '2026-12-07'), firstTime('2026-09-01'))).toEqual([]);
  });

  it('refuses a later start and gives the latest allowed', () => {
    expect(problemsWith('H/P04', validSubmission(), firstTime('2016-04-01'))).toEqual([
      {
        code: 'H/P04',
        message: expect.stringContaining('2016-07-01'),
        field: 'payReferencePeriod.start',
        providedValue: '2026-11-02',
        expectedValue: '2016-07-01',
        source: 'gateway',
      },
    ]);
  });

  it('cannot judge without a staging date', () => {
    expect(problemsWith('H/P04', validSubmission(), firstTime())).toEqual([]);
  });
});

// A backlog posted at once: TPP's next weekly period is 2026-11-02 to -08 (account 855969).
describe('expectedInChain: a backlog in any order', () => {
  const week = (start: string) => periodStarting(start, 'Weekly');
  const next = week('2026-11-02');

  it('expects each free place of the chain as it is, whichever arrives first', () => {
    expect(expectedInChain(next, 'Weekly', [], week('2026-11-16'))).toEqual(week('2026-11-16'));
    expect(expectedInChain(next, 'Weekly', [week('2026-11-16')], week('2026-11-09'))).toEqual(
      week('2026-11-09'),
    );
    expect(expectedInChain(next, 'Weekly', [week('2026-11-16'), week('2026-11-09')], next)).toEqual(next);
  });

  it(`reaches ${BACKLOG_BOUND} periods after TPP's next one and no further`, () => {
    const last = week(addDays('2026-11-02', 7 * BACKLOG_BOUND));
    expect(expectedInChain(next, 'Weekly', [], last)).toEqual(last);
    const beyond = week(addDays('2026-11-02', 7 * (BACKLOG_BOUND + 1)));
    expect(expectedInChain(next, 'Weekly', [], beyond)).toEqual(next);
  });

  it('names the first free place for a period off the chain or already pending', () => {
    expect(expectedInChain(next, 'Weekly', [next], week('2026-11-03'))).toEqual(week('2026-11-09'));
    expect(expectedInChain(next, 'Weekly', [next], next)).toEqual(week('2026-11-09'));
  });

  it("keeps TPP's next period when the frequency is unknown", () => {
    expect(expectedInChain(next, undefined, [], week('2026-11-16'))).toEqual(next);
  });

  it('lets H/D03 pass a later place of the chain and name the end when only the end is wrong', () => {
    const later = { ...validSubmission(), payReferencePeriod: week('2026-11-23') };
    const expectedPeriod = expectedInChain(next, 'Weekly', [], later.payReferencePeriod);
    expect(problemsWith('H/D03', later, undefined, { today: TODAY, expectedPeriod })).toEqual([]);
    const wrongEnd = { ...validSubmission(), payReferencePeriod: { start: '2026-11-23', end: '2026-11-30' } };
    const expectedForWrongEnd = expectedInChain(next, 'Weekly', [], wrongEnd.payReferencePeriod);
    expect(
      problemsWith('H/D03', wrongEnd, undefined, { today: TODAY, expectedPeriod: expectedForWrongEnd }),
    ).toMatchObject([{ field: 'payReferencePeriod.end', expectedValue: '2026-11-29' }]);
  });
});
