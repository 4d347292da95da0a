import { describe, expect, it } from 'vitest';
import { checkNiNumber, niNumberProblems } from '#domain/ni-number';
import { validSubmission, withEmployee } from '../preflight/support.ts';

// HMRC National Insurance Manual NIM39110 "What a NINO looks like"; TPP's example NH146483C is from
// TPP-hub /fields/national-insurance-number/ (wire-evidence.md §4.2).
describe('checkNiNumber', () => {
  it.each(['NH146483C', 'HM302274C', 'MS324441B', 'AB123456A', 'ZY999999D', 'OA000000B'])(
    'passes %s, which HMRC could have issued',
    (nino) => {
      expect(checkNiNumber(nino)).toBeUndefined();
    },
  );

  it.each([
    ['NH146483', 'format'],
    ['NH146483E', 'format'],
    ['NH 14 64 83 C', 'format'],
    ['nh146483c', 'format'],
    ['N1146483C', 'format'],
    ['DA123456A', 'prefix-letter'],
    ['FA123456A', 'prefix-letter'],
    ['IA123456A', 'prefix-letter'],
    ['QQ123456C', 'prefix-letter'],
    ['UA123456A', 'prefix-letter'],
    ['VA123456A', 'prefix-letter'],
    ['AD123456A', 'prefix-letter'],
    ['AO123456A', 'prefix-letter'],
    ['AV123456A', 'prefix-letter'],
    ['BG123456A', 'prefix-not-issued'],
    ['GB123456A', 'prefix-not-issued'],
    ['KN123456A', 'prefix-not-issued'],
    ['NK123456A', 'prefix-not-issued'],
    ['NT123456A', 'prefix-not-issued'],
    ['TN123456A', 'prefix-not-issued'],
    ['ZZ123456A', 'prefix-not-issued'],
    ['OO123456A', 'administrative'],
    ['CR123456A', 'administrative'],
    ['FY123456A', 'administrative'],
    ['MW123456A', 'administrative'],
    ['NC123456A', 'administrative'],
    ['TN010180M', 'temporary'],
    ['TN311299F', 'temporary'],
  ])('refuses %s (%s)', (nino, fault) => {
    expect(checkNiNumber(nino)?.fault).toBe(fault);
  });
});

describe('niNumberProblems', () => {
  it('finds nothing in the fixture, and ignores an absent or blank NINO', () => {
    expect(niNumberProblems(validSubmission())).toEqual([]);
    expect(niNumberProblems(withEmployee(validSubmission(), 1, { niNumber: undefined }))).toEqual([]);
    expect(niNumberProblems(withEmployee(validSubmission(), 1, { niNumber: ' ' }))).toEqual([]);
  });

  it('names the employee, the field and the value', () => {
    const submission = withEmployee(validSubmission(), 1, { niNumber: 'QQ123456C' });
    expect(niNumberProblems(submission)).toEqual([
      {
        code: 'ni-number-prefix-letter',
        message: expect.stringContaining('prefix QQ'),
        field: 'employees[1].niNumber',
        uniqueId: '65309',
        employeeIndex: 1,
        providedValue: 'QQ123456C',
        source: 'gateway',
      },
    ]);
  });
});
