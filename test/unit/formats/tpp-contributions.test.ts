import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type CanonicalEmployee,
  type CanonicalSubmission,
  canonicalSubmission,
} from '#domain/canonical-submission';
import { renderTppContributions } from '#formats/tpp-contributions';

type Json = Record<string, unknown>;

function fixture(): CanonicalSubmission {
  return canonicalSubmission.parse(
    JSON.parse(readFileSync(new URL('../../fixtures/submission.json', import.meta.url), 'utf8')),
  );
}

function firstEmployee(submission: CanonicalSubmission): CanonicalEmployee {
  const e = submission.employees[0];
  if (!e) throw new Error('fixture has no employees');
  return e;
}

interface Rendered {
  data: {
    type: string;
    attributes: { accountId: unknown; payReferencePeriod: unknown; employees: Json[]; total: unknown };
  };
}

function render(submission: CanonicalSubmission, accountId = '120001'): Rendered {
  return JSON.parse(renderTppContributions(submission, accountId)) as Rendered;
}

describe('renderTppContributions', () => {
  it('is a JSON:API contributions document', () => {
    const body = render(fixture());
    expect(Object.keys(body)).toEqual(['data']);
    expect(body.data.type).toBe('contributions');
    expect(Object.keys(body.data.attributes).sort()).toEqual(
      ['accountId', 'employees', 'payReferencePeriod', 'total'].sort(),
    );
  });

  it('sends the account id as a number', () => {
    const body = render(fixture(), '120001');
    expect(body.data.attributes.accountId).toBe(120001);
    expect(renderTppContributions(fixture(), '120001')).toContain('"accountId":120001');
  });

  it('sends the pay reference period as given', () => {
    expect(render(fixture()).data.attributes.payReferencePeriod).toEqual({
      start: '2026-11-02',
      end: '2026-11-08',
    });
  });

  it('sends money in pounds, converted exactly from pence', () => {
    const body = render(fixture());
    const [first, second] = body.data.attributes.employees;
    expect(first).toMatchObject({
      pensionableEarnings: 1818.06,
      employerContributionAmount: 54.54,
      employeeContributionAmount: 90.9,
    });
    expect(second).toMatchObject({
      pensionableEarnings: 520,
      employerContributionAmount: 15.6,
      employeeContributionAmount: 26,
    });
    const text = renderTppContributions(fixture(), '1');
    expect(text).toContain('"pensionableEarnings":1818.06');
    expect(text).toContain('"employeeContributionAmount":90.9');
  });

  it('computes the total from the contributions when the submission has none', () => {
    const submission = fixture();
    expect(submission.total).toBeUndefined();
    const body = render(submission);
    expect(body.data.attributes.total).toBe(187.04);
    expect(renderTppContributions(submission, '1')).toContain('"total":187.04');
  });

  it('sends the total the payroll gave when there is one, even if it differs from the sum', () => {
    const submission = { ...fixture(), total: 20000 };
    expect(render(submission).data.attributes.total).toBe(200);
  });

  it('sends a given total of zero rather than recomputing it', () => {
    const submission = { ...fixture(), total: 0 };
    expect(render(submission).data.attributes.total).toBe(0);
  });

  it('keeps the employees in order with their TPP fields', () => {
    const employees = render(fixture()).data.attributes.employees;
    expect(employees.map((e) => e.uniqueId)).toEqual(['851001', '65309']);
    expect(employees[0]).toEqual({
      title: 'Mrs',
      gender: 'F',
      forename: 'Abigail',
      surname: 'Williamson',
      dateOfBirth: '1985-01-10',
      niNumber: 'HM302274C',
      uniqueId: '851001',
      address: { line1: '99 Old Edinburgh Road', line2: 'Beedon', line3: 'Newbury', line5: 'RG20 8JR' },
      mobilePhoneNumber: '07043090072',
      personalEmailAddress: 'AbigailWilliamson@rhyta.com',
      employmentPeriod: { start: '2004-04-13' },
      workerGroupId: 'UF',
      autoEnrolmentStatus: 'Eligible',
      autoEnrolmentDate: '2017-04-21',
      pensionableEarnings: 1818.06,
      employerContributionAmount: 54.54,
      employeeContributionAmount: 90.9,
    });
  });

  it('sends the optional TPP fields when present', () => {
    const submission = fixture();
    const e: CanonicalEmployee = {
      ...firstEmployee(submission),
      middleName: 'Jane',
      homePhoneNumber: '01635 000000',
      optInDate: '2018-01-01',
      schemeJoinDate: '2017-05-01',
      optOutDate: '2017-05-20',
      partialContributionReason: 'Employee Transfer',
      employmentPeriod: { start: '2004-04-13', end: '2026-11-06' },
      address: { line1: '99 Old Edinburgh Road', line4: 'Berkshire' },
    };
    const [rendered] = render({ ...submission, employees: [e] }).data.attributes.employees;
    expect(rendered).toMatchObject({
      middleName: 'Jane',
      homePhoneNumber: '01635 000000',
      optInDate: '2018-01-01',
      schemeJoinDate: '2017-05-01',
      optOutDate: '2017-05-20',
      partialContributionReason: 'Employee Transfer',
      employmentPeriod: { start: '2004-04-13', end: '2026-11-06' },
      address: { line1: '99 Old Edinburgh Road', line4: 'Berkshire' },
    });
  });

  it('does not send the fields only PAPDIS and PASS need', () => {
    const base = fixture();
    const e: CanonicalEmployee = {
      ...firstEmployee(base),
      employerContributionPercent: 3,
      employeeContributionPercent: 5,
      additionalVoluntaryContributionAmount: 1234,
      salarySacrifice: true,
      exitDate: '2026-11-06',
      exitReasonCode: 'R',
      address: { line1: '99 Old Edinburgh Road', country: 'United Kingdom' },
    };
    const submission: CanonicalSubmission = {
      ...base,
      employees: [e],
      payPeriod: { start: '2026-11-02', end: '2026-11-08' },
      payFrequency: 'W1',
      taxPeriod: 32,
      contributionDeductionDate: '2026-11-06',
    };
    const text = renderTppContributions(submission, '120001');
    for (const field of [
      'employerContributionPercent',
      'employeeContributionPercent',
      'additionalVoluntaryContributionAmount',
      'salarySacrifice',
      'exitDate',
      'exitReasonCode',
      'country',
      'payPeriod',
      'payFrequency',
      'taxPeriod',
      'contributionDeductionDate',
    ]) {
      expect(text).not.toContain(`"${field}"`);
    }
    const body = JSON.parse(text) as Rendered;
    expect(body.data.attributes.employees[0]).not.toHaveProperty('salarySacrifice');
    expect(body.data.attributes.employees[0]?.address).toEqual({ line1: '99 Old Edinburgh Road' });
  });

  it('does not count voluntary contributions in a computed total', () => {
    const base = fixture();
    const e: CanonicalEmployee = {
      ...firstEmployee(base),
      employerContributionAmount: 100,
      employeeContributionAmount: 200,
      additionalVoluntaryContributionAmount: 5000,
    };
    expect(render({ ...base, employees: [e] }).data.attributes.total).toBe(3);
  });
});
