import { describe, expect, it } from 'vitest';
import type { TppSchemeDetails } from '#providers/tpp/preflight/check-tpp-rules';
import {
  ABIGAIL,
  ACCOUNT_855969,
  employeeProblem,
  OLIVER,
  problemsWith,
  validSubmission,
  withEmployee,
} from './support.ts';

const inGroup = (workerGroupId: string) => withEmployee(validSubmission(), 1, { workerGroupId });
const withGroups = (workerGroups: TppSchemeDetails['workerGroups']): TppSchemeDetails => ({
  ...ACCOUNT_855969,
  workerGroups,
});

describe('D/U05 the account has worker groups', () => {
  it('passes when it has some', () => {
    expect(problemsWith('D/U05', validSubmission())).toEqual([]);
  });

  it('names every employee when it has none', () => {
    expect(problemsWith('D/U05', validSubmission(), withGroups([]))).toEqual([
      employeeProblem('D/U05', ABIGAIL, 'workerGroupId', { providedValue: 'UF' }),
      employeeProblem('D/U05', OLIVER, 'workerGroupId', { providedValue: 'UF' }),
    ]);
  });

  it('is silent when the groups are not known', () => {
    expect(problemsWith('D/U05', validSubmission(), withGroups(undefined))).toEqual([]);
  });
});

describe('D/U03 the worker group id is given', () => {
  it('passes an id', () => {
    expect(problemsWith('D/U03', validSubmission())).toEqual([]);
  });

  it('refuses spaces alone (the schema lets them through) and does not also call them unknown', () => {
    expect(problemsWith('D/U03', inGroup('   '))).toEqual([
      employeeProblem('D/U03', OLIVER, 'workerGroupId', { providedValue: '   ' }),
    ]);
    expect(problemsWith('D/U02', inGroup('   '))).toEqual([]);
  });
});

describe('D/U02 the worker group exists for the period', () => {
  it('passes any group effective for the period, whichever row', () => {
    expect(problemsWith('D/U02', inGroup('DIR'))).toEqual([]);
    expect(problemsWith('D/U02', inGroup('UF'))).toEqual([]);
  });

  it('refuses an unknown id and lists the ids that would do', () => {
    expect(problemsWith('D/U02', inGroup('XYZ'))).toEqual([
      employeeProblem('D/U02', OLIVER, 'workerGroupId', { providedValue: 'XYZ', expectedValue: 'UF, DIR' }),
    ]);
  });

  it('matches case-sensitively and says so', () => {
    const [problem] = problemsWith('D/U02', inGroup('uf'));
    expect(problem).toEqual(
      employeeProblem('D/U02', OLIVER, 'workerGroupId', { providedValue: 'uf', expectedValue: 'UF, DIR' }),
    );
    expect(problem?.message).toContain('did you mean "UF"');
  });

  it('refuses a group that ended before the period or starts after it', () => {
    const details = withGroups([
      { id: 'OLD', effective: { start: '2016-04-01', end: '2026-11-01' } },
      { id: 'NEW', effective: { start: '2026-11-09' } },
      { id: 'UF' },
    ]);
    expect(problemsWith('D/U02', inGroup('OLD'), details)).toEqual([
      employeeProblem('D/U02', OLIVER, 'workerGroupId', { providedValue: 'OLD', expectedValue: 'UF' }),
    ]);
    expect(problemsWith('D/U02', inGroup('NEW'), details)).toHaveLength(1);
  });

  it('leaves out the expected value when no group is effective for the period', () => {
    const details = withGroups([{ id: 'OLD', effective: { start: '2016-04-01', end: '2019-04-05' } }]);
    // Abigail's "UF" is refused too; Oliver's problem is the one looked at.
    expect(problemsWith('D/U02', inGroup('OLD'), details)).toContainEqual(
      employeeProblem('D/U02', OLIVER, 'workerGroupId', { providedValue: 'OLD' }),
    );
  });

  it('counts a group effective on only the first or last day of the period', () => {
    const details = withGroups([
      { id: 'UF' },
      { id: 'ENDS', effective: { start: '2016-04-01', end: '2026-11-02' } },
      { id: 'STARTS', effective: { start: '2026-11-08', end: null } },
    ]);
    expect(problemsWith('D/U02', inGroup('ENDS'), details)).toEqual([]);
    expect(problemsWith('D/U02', inGroup('STARTS'), details)).toEqual([]);
  });
});

describe('a worker group in each published effective shape (TPP-hub /fields/worker-group-effective/)', () => {
  // The fixture's period is 2026-11-02 to 2026-11-08.
  const details = withGroups([
    { id: 'NULL', effective: null },
    { id: 'ABSENT' },
    { id: 'UNTIL_END', effective: { end: '2026-11-02' } },
    { id: 'NULL_START', effective: { start: null, end: '2030-01-01' } },
    { id: 'ENDED', effective: { end: '2026-11-01' } },
    { id: 'UF', effective: { start: null, end: null } },
  ]);

  it('counts effective absent or null as effective on all dates', () => {
    expect(problemsWith('D/U02', inGroup('NULL'), details)).toEqual([]);
    expect(problemsWith('D/U02', inGroup('ABSENT'), details)).toEqual([]);
  });

  it('counts a group without start as effective on every date up to its end, inclusive', () => {
    expect(problemsWith('D/U02', inGroup('UNTIL_END'), details)).toEqual([]);
    expect(problemsWith('D/U02', inGroup('NULL_START'), details)).toEqual([]);
    expect(problemsWith('D/U02', inGroup('ENDED'), details)).toEqual([
      employeeProblem('D/U02', OLIVER, 'workerGroupId', {
        providedValue: 'ENDED',
        expectedValue: 'NULL, ABSENT, UNTIL_END, NULL_START, UF',
      }),
    ]);
  });
});

describe('D/R03 employment starts before the period ends', () => {
  const startingOn = (start: string) => withEmployee(validSubmission(), 1, { employmentPeriod: { start } });

  it('passes a start the day before the period ends', () => {
    expect(problemsWith('D/R03', startingOn('2026-11-07'))).toEqual([]);
  });

  it('refuses a start on the last day of the period', () => {
    expect(problemsWith('D/R03', startingOn('2026-11-08'))).toEqual([
      employeeProblem('D/R03', OLIVER, 'employmentPeriod.start', {
        providedValue: '2026-11-08',
        expectedValue: 'before 2026-11-08',
      }),
    ]);
  });
});
