import { describe, expect, it } from 'vitest';
import type { CanonicalEmployee } from '#domain/canonical-submission';
import { ABIGAIL, employeeProblem, OLIVER, problemsWith, validSubmission, withEmployee } from './support.ts';

const oliver = (patch: Partial<CanonicalEmployee>) => withEmployee(validSubmission(), 1, patch);

describe('D/B03 title agrees with gender', () => {
  it.each([
    ['Mr', 'M'],
    ['Sir', 'M'],
    ['Mrs', 'F'],
    ['Miss', 'F'],
    ['Ms', 'F'],
    ['Mx', 'M'],
    ['Mx', 'F'],
    ['Dr', 'M'],
    ['Dr', 'F'],
  ] as const)('passes %s with %s', (title, gender) => {
    expect(problemsWith('D/B03', oliver({ title, gender }))).toEqual([]);
  });

  it.each([
    ['Mr', 'F', 'M'],
    ['Sir', 'F', 'M'],
    ['Mrs', 'M', 'F'],
    ['Miss', 'M', 'F'],
    ['Ms', 'M', 'F'],
  ] as const)('refuses %s with %s', (title, gender, implied) => {
    expect(problemsWith('D/B03', oliver({ title, gender }))).toEqual([
      employeeProblem('D/B03', OLIVER, 'gender', { providedValue: gender, expectedValue: implied }),
    ]);
  });
});

describe('forename limits', () => {
  it.each([
    ['D/D02', 'Oliver', 'Ol1ver', 'no digits'],
    ['D/D03', 'A'.repeat(30), 'A'.repeat(31), 'at most 30 characters'],
    ['D/D04', 'O’Niall', "O'Ni'all", 'at most 1 apostrophe'],
    ['D/D04', "O'Niall", "O'Ni’all", 'at most 1 apostrophe'],
    ['D/D05', 'A-B-C-D-E', 'A-B-C-D-E-F', 'at most 4 hyphens'],
    ['D/D06', 'A B C D E', 'A B C D E F', 'at most 4 spaces'],
  ])('%s passes %j and refuses %j', (code, good, bad, expectedValue) => {
    expect(problemsWith(code, oliver({ forename: good }))).toEqual([]);
    expect(problemsWith(code, oliver({ forename: bad }))).toEqual([
      employeeProblem(code, OLIVER, 'forename', { providedValue: bad, expectedValue }),
    ]);
  });

  it('counts characters, not UTF-16 units', () => {
    expect(problemsWith('D/D03', oliver({ forename: '𝒜'.repeat(30) }))).toEqual([]);
  });
});

// TPP-hub /fields/middle-name/ (example "Rose") and /fields/surname/ (examples "Thomas", "Wright-Phillips",
// "Eaton Williams", "O’Donnell"; 2 to 45 characters), wire-evidence.md §2.2 and §4.2.
describe('middle name limits (D/E)', () => {
  it.each([
    ['D/E01', 'Rose', 'R0se', 'no digits'],
    ['D/E02', 'A'.repeat(30), 'A'.repeat(31), 'at most 30 characters'],
    ['D/E03', 'O’Rose', "O'Ro'se", 'at most 1 apostrophe'],
    ['D/E04', 'A-B-C-D-E', 'A-B-C-D-E-F', 'at most 4 hyphens'],
    ['D/E05', 'A B C D E', 'A B C D E F', 'at most 4 spaces'],
  ])('%s passes %j and refuses %j', (code, good, bad, expectedValue) => {
    expect(problemsWith(code, oliver({ middleName: good }))).toEqual([]);
    expect(problemsWith(code, oliver({ middleName: bad }))).toEqual([
      employeeProblem(code, OLIVER, 'middleName', { providedValue: bad, expectedValue }),
    ]);
  });

  it('passes an employee without a middle name', () => {
    for (const code of ['D/E01', 'D/E02', 'D/E03', 'D/E04', 'D/E05'])
      expect(problemsWith(code, validSubmission())).toEqual([]);
  });
});

describe('surname limits (D/F)', () => {
  it.each(['Thomas', 'Wright-Phillips', 'Eaton Williams', 'O’Donnell', 'Ng'])('passes %j', (surname) => {
    const problems = ['D/F02', 'D/F03', 'D/F04', 'D/F05', 'D/F06'].flatMap((code) =>
      problemsWith(code, oliver({ surname })),
    );
    expect(problems).toEqual([]);
  });

  it.each([
    ['D/F02', 'A'.repeat(46), 'at most 45 characters'],
    ['D/F03', 'K', 'at least 2 characters'],
    ['D/F04', "O'Do'nnell", 'at most 1 apostrophe'],
    ['D/F05', 'A-B-C-D-E-F', 'at most 4 hyphens'],
    ['D/F06', 'A B C D E F', 'at most 4 spaces'],
  ])('%s refuses %j', (code, bad, expectedValue) => {
    expect(problemsWith(code, oliver({ surname: bad }))).toEqual([
      employeeProblem(code, OLIVER, 'surname', { providedValue: bad, expectedValue }),
    ]);
  });

  it('passes 45 characters', () => {
    expect(problemsWith('D/F02', oliver({ surname: 'A'.repeat(45) }))).toEqual([]);
  });
});

// TPP-hub /fields/date-of-birth/ (example "1967-08-15"). Today is 2026-11-10; the period 2026-11-02 to -08.
describe('date of birth (D/G)', () => {
  it('passes the published example', () => {
    for (const code of ['D/G02', 'D/G04', 'D/G05', 'D/G06'])
      expect(problemsWith(code, oliver({ dateOfBirth: '1967-08-15' }))).toEqual([]);
  });

  it('D/G02 refuses a date of birth after today', () => {
    expect(problemsWith('D/G02', oliver({ dateOfBirth: '2026-11-11' }))).toEqual([
      employeeProblem('D/G02', OLIVER, 'dateOfBirth', {
        providedValue: '2026-11-11',
        expectedValue: 'on or before 2026-11-10',
      }),
    ]);
  });

  it('D/G04 refuses more than 100 years ago, passes exactly 100', () => {
    expect(problemsWith('D/G04', oliver({ dateOfBirth: '1926-11-10' }))).toEqual([]);
    expect(problemsWith('D/G04', oliver({ dateOfBirth: '1926-11-09' }))).toEqual([
      employeeProblem('D/G04', OLIVER, 'dateOfBirth', {
        providedValue: '1926-11-09',
        expectedValue: 'on or after 1926-11-10',
      }),
    ]);
  });

  it('D/G05 refuses less than 12 years ago', () => {
    expect(problemsWith('D/G05', oliver({ dateOfBirth: '2014-11-10' }))).toEqual([]);
    expect(problemsWith('D/G05', oliver({ dateOfBirth: '2014-11-11' }))).toHaveLength(1);
  });

  it('D/G06 passes a 16th birthday on any day of the period, "15 years 11 months" at its start', () => {
    expect(problemsWith('D/G06', oliver({ dateOfBirth: '2010-11-02' }))).toEqual([]);
    expect(problemsWith('D/G06', oliver({ dateOfBirth: '2010-11-08' }))).toEqual([]);
  });

  it('D/G06 refuses someone still 15 on the last day of the period, contributions or not', () => {
    const fifteen = employeeProblem('D/G06', OLIVER, 'dateOfBirth', {
      providedValue: '2010-11-09',
      expectedValue: 'on or before 2010-11-08',
    });
    expect(problemsWith('D/G06', oliver({ dateOfBirth: '2010-11-09' }))).toEqual([fifteen]);
    const unpaid = {
      dateOfBirth: '2010-11-09',
      employerContributionAmount: 0,
      employeeContributionAmount: 0,
    };
    expect(problemsWith('D/G06', oliver(unpaid))).toEqual([fifteen]);
  });

  it('D/G06 counts a 29 February birthday from 1 March in other years', () => {
    const leapling = { ...validSubmission(), payReferencePeriod: { start: '2024-02-22', end: '2024-02-28' } };
    const born = withEmployee(leapling, 1, { dateOfBirth: '2008-02-29' });
    expect(problemsWith('D/G06', born, undefined, { today: '2024-03-01' })).toHaveLength(1);
  });
});

// TPP-hub /fields/unique-id/ (example "65775"): D/I03 a uniqueId repeated in one request.
describe('D/I03 no uniqueId twice in one request', () => {
  it('passes different ids', () => {
    expect(problemsWith('D/I03', validSubmission())).toEqual([]);
  });

  it('names every employee who shares one', () => {
    expect(problemsWith('D/I03', oliver({ uniqueId: '851001' }))).toEqual([
      employeeProblem('D/I03', { ...ABIGAIL }, 'uniqueId', { providedValue: '851001' }),
      employeeProblem('D/I03', { ...OLIVER, uniqueId: '851001' }, 'uniqueId', { providedValue: '851001' }),
    ]);
  });
});

describe('D/H01 no NINO twice in one request', () => {
  it('passes different NINOs', () => {
    expect(problemsWith('D/H01', validSubmission())).toEqual([]);
  });

  it('names every employee who shares one', () => {
    expect(problemsWith('D/H01', oliver({ niNumber: 'HM302274C' }))).toEqual([
      employeeProblem('D/H01', ABIGAIL, 'niNumber', { providedValue: 'HM302274C' }),
      employeeProblem('D/H01', OLIVER, 'niNumber', { providedValue: 'HM302274C' }),
    ]);
  });

  it('stays linear when thousands share one NINO: each message names the count and the first few', () => {
    const first = validSubmission().employees[0] as CanonicalEmployee;
    const employees = Array.from({ length: 20_000 }, (_, i) => ({ ...first, uniqueId: `E${i}` }));
    const problems = problemsWith('D/H01', { ...validSubmission(), employees });
    expect(problems).toHaveLength(20_000);
    expect(problems[19_999]?.message).toContain(
      'given for 20000 employees (employees 0, 1, 2, 3, 4 and 19995 more)',
    );
  });

  it('ignores NINOs TPP treats as blank: malformed or temporary', () => {
    const bothMalformed = withEmployee(oliver({ niNumber: 'hm302274c' }), 0, { niNumber: 'hm302274c' });
    const bothTemporary = withEmployee(oliver({ niNumber: 'TN010180A' }), 0, { niNumber: 'TN010180A' });
    expect(problemsWith('D/H01', bothMalformed)).toEqual([]);
    expect(problemsWith('D/H01', bothTemporary)).toEqual([]);
  });
});

describe('address', () => {
  const address = (lines: CanonicalEmployee['address']) => oliver({ address: lines });

  it.each([
    ['D/J02', 'line1', 50],
    ['D/K01', 'line2', 50],
    ['D/L01', 'line3', 50],
    ['D/M01', 'line4', 50],
    ['D/N01', 'line5', 25],
  ] as const)('%s: %s holds %i characters and no more', (code, line, max) => {
    const lines = { line1: '12 Market Street', line2: 'Thatcham', line5: 'RG19 4AB' };
    expect(problemsWith(code, address({ ...lines, [line]: 'x'.repeat(max) }))).toEqual([]);
    const tooLong = 'x'.repeat(max + 1);
    expect(problemsWith(code, address({ ...lines, [line]: tooLong }))).toEqual([
      employeeProblem(code, OLIVER, `address.${line}`, {
        providedValue: tooLong,
        expectedValue: `at most ${max} characters`,
      }),
    ]);
  });

  it('D/J03 passes line1 with two more lines', () => {
    expect(
      problemsWith('D/J03', address({ line1: '12 Market Street', line3: 'Thatcham', line4: 'Berks' })),
    ).toEqual([]);
  });

  it('D/J03 refuses line1 with one more line, not counting blank ones', () => {
    const problems = problemsWith(
      'D/J03',
      address({ line1: '12 Market Street', line2: '  ', line5: 'RG19 4AB' }),
    );
    expect(problems).toEqual([
      employeeProblem('D/J03', OLIVER, 'address', {
        providedValue: '12 Market Street, RG19 4AB',
        expectedValue: 'line1 and at least 2 other lines',
      }),
    ]);
  });

  it('D/J04 passes 15 characters over all lines', () => {
    expect(problemsWith('D/J04', address({ line1: '1 High St', line2: 'Bath', line5: 'BA' }))).toEqual([]);
  });

  it('D/J04 refuses fewer', () => {
    expect(problemsWith('D/J04', address({ line1: '1 High St', line2: 'Bat', line5: 'BA' }))).toEqual([
      employeeProblem('D/J04', OLIVER, 'address', {
        providedValue: '1 High St, Bat, BA',
        expectedValue: 'at least 15 characters',
      }),
    ]);
  });
});
