import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CanonicalEmployee } from '#domain/canonical-submission';
import { TPP_RULES } from '#providers/tpp/preflight/check-tpp-rules';
import {
  ABIGAIL,
  check,
  employeeProblem,
  fixtureSubmission,
  OLIVER,
  validSubmission,
  withEmployee,
} from './support.ts';

describe('checkTppRules', () => {
  it('finds nothing wrong with a valid submission for sandbox account 855969', () => {
    expect(check(validSubmission())).toEqual([]);
  });

  it("finds only an auto-enrolment date before 855969's staging date (2016-04-01)", () => {
    expect(check(withEmployee(fixtureSubmission(), 1, { autoEnrolmentDate: '2015-12-01' }))).toEqual([
      employeeProblem('D/W09', OLIVER, 'autoEnrolmentDate', {
        providedValue: '2015-12-01',
        expectedValue: 'on or after 2016-04-01',
      }),
    ]);
  });

  it('returns every violation across the document and its employees, document first then by employee', () => {
    const wrongTotalAndPeriod = {
      ...validSubmission(),
      total: 100,
      payReferencePeriod: { start: '2026-11-02', end: '2026-11-09' },
    };
    const abigailWrong = withEmployee(wrongTotalAndPeriod, 0, { title: 'Mr', forename: 'Abig4il' });
    const submission = withEmployee(abigailWrong, 1, {
      workerGroupId: 'XYZ',
      autoEnrolmentStatus: 'Not Known',
      autoEnrolmentDate: undefined,
      optInDate: '2016-04-01',
    });

    const problems = check(submission);

    expect(problems.map((p) => [p.code, p.field])).toEqual([
      ['H/D03', 'payReferencePeriod.end'],
      ['T/T01', 'total'],
      ['D/B03', 'employees[0].gender'],
      ['D/D02', 'employees[0].forename'],
      ['D/U02', 'employees[1].workerGroupId'],
      ['D/Z04', 'employees[1].optInDate'],
      ['D/AC06', 'employees[1].employerContributionAmount'],
      ['D/AD06', 'employees[1].employeeContributionAmount'],
    ]);
    expect(problems[2]).toEqual(
      employeeProblem('D/B03', ABIGAIL, 'gender', { providedValue: 'F', expectedValue: 'M' }),
    );
    expect(problems[5]).toEqual(
      employeeProblem('D/Z04', OLIVER, 'optInDate', { providedValue: '2016-04-01' }),
    );
  });

  it('orders problems by employee, then in rule order, across a payroll checked in blocks of employees', () => {
    const [abigail] = validSubmission().employees as [CanonicalEmployee];
    const employees = Array.from({ length: 1_200 }, (_, i) => ({
      ...abigail,
      uniqueId: `E${i}`,
      niNumber: `AB${String(i).padStart(6, '0')}C`,
    }));
    // Employees 5 and 1,100 share a NINO (a rule about the whole document) and break two employee rules.
    for (const at of [1_100, 5])
      employees[at] = {
        ...abigail,
        uniqueId: `E${at}`,
        title: 'Mr',
        forename: 'Abig4il',
        niNumber: 'AB999999C',
      };
    employees[600] = { ...abigail, uniqueId: 'E600', niNumber: 'AB000600C', surname: 'W' };
    employees[511] = { ...abigail, uniqueId: 'E511', niNumber: 'AB000511C', autoEnrolmentDate: undefined };
    const problems = check({ ...validSubmission(), total: 1, employees });
    expect(problems.map((p) => [p.code, p.employeeIndex])).toEqual([
      ['T/T01', undefined],
      ['D/B03', 5],
      ['D/D02', 5],
      ['D/H01', 5],
      ['D/W02', 511],
      ['D/F03', 600],
      ['D/B03', 1_100],
      ['D/D02', 1_100],
      ['D/H01', 1_100],
    ]);
  });

  it('names the value given in every message', () => {
    const submission = withEmployee(validSubmission(), 1, { workerGroupId: 'XYZ', forename: 'Ol1ver' });
    for (const problem of check(submission)) {
      expect(problem.message).toContain(problem.providedValue);
    }
  });
});

describe('TPP_RULES', () => {
  const codes = TPP_RULES.map((rule) => rule.code);

  it('has one rule per TPP code', () => {
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^[HDT]\/[A-Z]{1,2}\d{2}$/);
  });

  it('matches the codes docs/tpp-error-codes.md says the gateway checks', () => {
    const table = readFileSync(new URL('../../../docs/tpp-error-codes.md', import.meta.url), 'utf8');
    const checked = [...table.matchAll(/^\| ([HDT]\/[A-Z]{1,2}\d{2})\b[^|]*\|[^|]*\| yes /gm)].map(
      (m) => m[1],
    );
    expect([...checked].sort()).toEqual([...codes].sort());
  });
});
