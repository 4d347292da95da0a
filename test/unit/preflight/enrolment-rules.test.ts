import { describe, expect, it } from 'vitest';
import type { CanonicalEmployee } from '#domain/canonical-submission';
import {
  ACCOUNT_855969,
  employeeProblem,
  OLIVER,
  problemsWith,
  TODAY,
  validSubmission,
  withEmployee,
} from './support.ts';

type Status = CanonicalEmployee['autoEnrolmentStatus'];

/** Oliver with a new status and none of the fixture's enrolment dates, then `patch`. */
const oliverAs = (autoEnrolmentStatus: Status, patch: Partial<CanonicalEmployee> = {}) =>
  withEmployee(validSubmission(), 1, { autoEnrolmentStatus, autoEnrolmentDate: undefined, ...patch });

describe('D/V02 "Not Applicable" only from 75', () => {
  it('passes an employee who turns 75 on the last day of the period', () => {
    expect(problemsWith('D/V02', oliverAs('Not Applicable', { dateOfBirth: '1951-11-08' }))).toEqual([]);
  });

  it('refuses one who is still 74', () => {
    expect(problemsWith('D/V02', oliverAs('Not Applicable', { dateOfBirth: '1951-11-09' }))).toEqual([
      employeeProblem('D/V02', OLIVER, 'autoEnrolmentStatus', { providedValue: 'Not Applicable' }),
    ]);
  });
});

describe('autoEnrolmentDate', () => {
  it('D/W02 passes an Eligible employee with a date', () => {
    expect(problemsWith('D/W02', validSubmission())).toEqual([]);
  });

  it('D/W02 refuses an Eligible employee without one', () => {
    expect(problemsWith('D/W02', oliverAs('Eligible'))).toEqual([
      employeeProblem('D/W02', OLIVER, 'autoEnrolmentDate'),
    ]);
  });

  it.each([
    ['D/W03', 'Non Eligible'],
    ['D/W04', 'Entitled'],
    ['D/W05', 'Not Known'],
    ['D/W06', 'Not Applicable'],
    ['D/W07', 'Contractual Enrolment'],
    ['D/W08', 'Already In Qualifying Scheme'],
  ] as const)('%s: blank when the status is %s', (code, status) => {
    expect(problemsWith(code, oliverAs(status))).toEqual([]);
    expect(problemsWith(code, oliverAs(status, { autoEnrolmentDate: '2016-04-01' }))).toEqual([
      employeeProblem(code, OLIVER, 'autoEnrolmentDate', { providedValue: '2016-04-01' }),
    ]);
  });
});

describe('schemeJoinDate', () => {
  it('D/X13 passes an Entitled employee with a date', () => {
    expect(problemsWith('D/X13', oliverAs('Entitled', { schemeJoinDate: '2016-04-01' }))).toEqual([]);
  });

  it('D/X13 refuses an Entitled employee without one', () => {
    expect(problemsWith('D/X13', oliverAs('Entitled'))).toEqual([
      employeeProblem('D/X13', OLIVER, 'schemeJoinDate'),
    ]);
  });

  it.each([
    ['D/X02', 'Eligible'],
    ['D/X03', 'Non Eligible'],
    ['D/X04', 'Not Known'],
    ['D/X05', 'Not Applicable'],
    ['D/X06', 'Contractual Enrolment'],
    ['D/X07', 'Already In Qualifying Scheme'],
  ] as const)('%s: blank when the status is %s', (code, status) => {
    expect(problemsWith(code, oliverAs(status))).toEqual([]);
    expect(problemsWith(code, oliverAs(status, { schemeJoinDate: '2016-04-01' }))).toEqual([
      employeeProblem(code, OLIVER, 'schemeJoinDate', { providedValue: '2016-04-01' }),
    ]);
  });
});

describe('optInDate', () => {
  it.each([
    ['D/Z02', 'Eligible'],
    ['D/Z03', 'Entitled'],
    ['D/Z04', 'Not Known'],
    ['D/Z05', 'Not Applicable'],
    ['D/Z06', 'Contractual Enrolment'],
    ['D/Z07', 'Already In Qualifying Scheme'],
  ] as const)('%s: blank when the status is %s', (code, status) => {
    expect(problemsWith(code, oliverAs(status))).toEqual([]);
    expect(problemsWith(code, oliverAs(status, { optInDate: '2016-04-01' }))).toEqual([
      employeeProblem(code, OLIVER, 'optInDate', { providedValue: '2016-04-01' }),
    ]);
  });

  it('is allowed for a Non Eligible employee who opted in', () => {
    const optedIn = oliverAs('Non Eligible', { optInDate: '2016-04-01' });
    for (const code of ['D/Z02', 'D/Z03', 'D/Z04', 'D/Z05', 'D/Z06', 'D/Z07', 'D/Z08', 'D/Z11']) {
      expect(problemsWith(code, optedIn)).toEqual([]);
    }
  });
});

// Oliver: born 1990-06-02, employed from 2015-09-01; the account's staging date is 2016-04-01.
describe.each([
  ['autoEnrolmentDate', 'Eligible', { staging: 'D/W09', birth: 'D/W12', start: 'D/W15' }],
  ['schemeJoinDate', 'Entitled', { staging: 'D/X08', birth: 'D/X11', start: 'D/X12' }],
  ['optInDate', 'Non Eligible', { staging: 'D/Z08', start: 'D/Z11' }],
] as const)('%s is not too early', (field, status, codes) => {
  const dated = (date: string, patch: Partial<CanonicalEmployee> = {}) =>
    oliverAs(status, { [field]: date, ...patch });

  it(`${codes.staging}: not before the staging date`, () => {
    expect(problemsWith(codes.staging, dated('2016-04-01'))).toEqual([]);
    expect(problemsWith(codes.staging, dated('2016-03-31'))).toEqual([
      employeeProblem(codes.staging, OLIVER, field, {
        providedValue: '2016-03-31',
        expectedValue: 'on or after 2016-04-01',
      }),
    ]);
  });

  it(`${codes.staging}: cannot be judged without a staging date`, () => {
    const { stagingDate: _, ...noStaging } = ACCOUNT_855969;
    expect(problemsWith(codes.staging, dated('2016-03-31'), noStaging)).toEqual([]);
  });

  if ('birth' in codes) {
    it(`${codes.birth}: not before the date of birth`, () => {
      const bornLate = { dateOfBirth: '2016-06-01', employmentPeriod: { start: '2016-01-01' } };
      expect(problemsWith(codes.birth, dated('2016-06-01', bornLate))).toEqual([]);
      expect(problemsWith(codes.birth, dated('2016-05-31', bornLate))).toEqual([
        employeeProblem(codes.birth, OLIVER, field, {
          providedValue: '2016-05-31',
          expectedValue: 'on or after 2016-06-01',
        }),
      ]);
    });
  }

  it(`${codes.start}: not before the employment start date`, () => {
    const startsLate = { employmentPeriod: { start: '2016-06-01' } };
    expect(problemsWith(codes.start, dated('2016-06-01', startsLate))).toEqual([]);
    expect(problemsWith(codes.start, dated('2016-05-31', startsLate))).toEqual([
      employeeProblem(codes.start, OLIVER, field, {
        providedValue: '2016-05-31',
        expectedValue: 'on or after 2016-06-01',
      }),
    ]);
  });
});

describe('optOutDate', () => {
  // Oliver is Eligible with the auto-enrolment date 2016-04-01 in the valid submission.
  const optedOut = (optOutDate: string, patch: Partial<CanonicalEmployee> = {}) =>
    withEmployee(validSubmission(), 1, { optOutDate, ...patch });

  it('D/Y02: not before the enrolment date', () => {
    expect(problemsWith('D/Y02', optedOut('2016-04-01'))).toEqual([]);
    expect(problemsWith('D/Y02', optedOut('2016-03-31'))).toEqual([
      employeeProblem('D/Y02', OLIVER, 'optOutDate', {
        providedValue: '2016-03-31',
        expectedValue: 'on or after 2016-04-01',
      }),
    ]);
  });

  it('D/Y02: takes the enrolment date that belongs to the status', () => {
    const entitled = { autoEnrolmentStatus: 'Entitled', autoEnrolmentDate: undefined } as const;
    expect(
      problemsWith('D/Y02', optedOut('2017-01-01', { ...entitled, schemeJoinDate: '2017-01-02' })),
    ).toEqual([
      employeeProblem('D/Y02', OLIVER, 'optOutDate', {
        providedValue: '2017-01-01',
        expectedValue: 'on or after 2017-01-02',
      }),
    ]);
  });

  it('D/Y03: not before the employment start date', () => {
    expect(problemsWith('D/Y03', optedOut('2017-06-24'))).toEqual([]);
    expect(problemsWith('D/Y03', optedOut('2015-08-31'))).toEqual([
      employeeProblem('D/Y03', OLIVER, 'optOutDate', {
        providedValue: '2015-08-31',
        expectedValue: 'on or after 2015-09-01',
      }),
    ]);
  });

  it('D/Y04: not in the future', () => {
    expect(problemsWith('D/Y04', optedOut(TODAY))).toEqual([]);
    expect(problemsWith('D/Y04', optedOut('2026-11-11'))).toEqual([
      employeeProblem('D/Y04', OLIVER, 'optOutDate', {
        providedValue: '2026-11-11',
        expectedValue: `on or before ${TODAY}`,
      }),
    ]);
  });

  it('D/Y06: not before the staging date', () => {
    expect(problemsWith('D/Y06', optedOut('2016-04-01'))).toEqual([]);
    expect(problemsWith('D/Y06', optedOut('2016-03-31'))).toEqual([
      employeeProblem('D/Y06', OLIVER, 'optOutDate', {
        providedValue: '2016-03-31',
        expectedValue: 'on or after 2016-04-01',
      }),
    ]);
  });
});
