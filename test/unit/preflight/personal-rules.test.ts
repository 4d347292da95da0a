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
