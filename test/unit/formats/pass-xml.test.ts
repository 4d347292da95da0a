import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import type { CanonicalEmployee, CanonicalSubmission } from '#domain/canonical-submission';
import { type PassHeader, renderPassXml } from '#formats/pass-xml';
import { canonical, fixture, fixtureWire, hostile, submissions, withEmployee } from './papdis-support.ts';

const HEADER: PassHeader = {
  intermediaryId: 'int-42',
  documentId: 'acme-2026-11-08T10:00:00Z',
  destinationId: 'NST',
  employerId: 'E1',
  providerId: 'NEST',
};

const parser = new XMLParser({
  trimValues: false,
  parseTagValue: false,
  htmlEntities: true, // numeric character references (&#13;)
  isArray: (name) => name === 'Employer' || name === 'Employee',
});

type Element = Record<string, any>;

function parse(xml: string): Element {
  expect(XMLValidator.validate(xml)).toBe(true);
  return parser.parse(xml).Document;
}

function employeesOf(document: Element): Element[] {
  return document.PensionProvider.Employer.flatMap((employer: Element) => employer.PayrollPeriod.Employee);
}

/** What XML 1.0 can carry of a string: the characters it forbids are dropped. */
const legal = (value: string) =>
  value.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '');

/** Employees in document order: grouped by worker group, in order of first appearance. */
function inDocumentOrder(submission: CanonicalSubmission): CanonicalEmployee[] {
  const groups = new Map<string, CanonicalEmployee[]>();
  for (const e of submission.employees)
    groups.set(e.workerGroupId, [...(groups.get(e.workerGroupId) ?? []), e]);
  return [...groups.values()].flat();
}

describe('renderPassXml', () => {
  it('is well-formed UTF-8 XML with IntermediaryId in the header and DocumentId after the data', () => {
    const xml = renderPassXml(fixture(), HEADER);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    const document = parse(xml);
    expect(document).toMatchObject({
      Version: 'PAP11',
      MessageFunctionCode: '0',
      IntermediaryId: 'int-42',
      DocumentId: 'acme-2026-11-08T10:00:00Z',
      DestinationId: 'NST',
      PensionProvider: { PensionProviderID: 'NEST' },
    });
    expect(Object.keys(document)).toEqual([
      'Version',
      'MessageFunctionCode',
      'IntermediaryId',
      'DestinationId',
      'PensionProvider',
      'DocumentId',
    ]);
  });

  it('follows the PAPDIS hierarchy down to each employee', () => {
    const document = parse(renderPassXml(fixture(), HEADER));
    const [employer] = document.PensionProvider.Employer;
    expect(employer).toMatchObject({
      EmployerID: 'E1',
      Group: 'UF',
      PayrollPeriod: { PayReferenceStartDate: '2026-11-02', PayReferenceEndDate: '2026-11-08' },
    });
    expect(employer.PayrollPeriod.Employee).toHaveLength(2);
    expect(employer.PayrollPeriod.Employee[0]).toEqual({
      Name: { Title: 'Mrs', Forename1: 'Abigail', Surname: 'Williamson' },
      Identity: {
        EmployeeID: '851001',
        BirthDate: '1985-01-10',
        Gender: 'F',
        NationalInsuranceNumber: 'HM302274C',
        EmploymentStartDate: '2004-04-13',
      },
      Contact: {
        Address1: '99 Old Edinburgh Road',
        Address2: 'Beedon',
        Address3: 'Newbury',
        Postcode: 'RG20 8JR',
        EmailAddress: 'AbigailWilliamson@rhyta.com',
        Mobile: '07043090072',
      },
      Pay: { PensionableEarningsAmount: '1818.06' },
      Assessment: { AssessmentCode: '1', EventCode: '0', EventDate: '2017-04-21' },
      Contribution: { EmployerContributionsAmount: '54.54', EmployeeContributionsAmount: '90.90' },
    });
  });

  it('writes one Employer per worker group, or the one group the header names', () => {
    const wire = fixtureWire();
    wire.employees[1].workerGroupId = 'PT';
    const twoGroups = parse(renderPassXml(canonical(wire), HEADER)).PensionProvider.Employer;
    expect(twoGroups.map((e: Element) => [e.Group, e.PayrollPeriod.Employee.length])).toEqual([
      ['UF', 1],
      ['PT', 1],
    ]);
    const oneGroup = parse(renderPassXml(canonical(wire), { ...HEADER, group: '001' })).PensionProvider
      .Employer;
    expect(oneGroup.map((e: Element) => [e.Group, e.PayrollPeriod.Employee.length])).toEqual([['001', 2]]);
  });

  it('writes the message function code given, the pay period and the PAPDIS extras', () => {
    const submission = withEmployee({
      employerContributionPercent: 3,
      salarySacrifice: false,
      exitDate: '2026-11-06',
      exitReasonCode: 'R',
      autoEnrolmentDate: '2026-11-02',
    });
    submission.payPeriod = { start: '2026-11-02', end: '2026-11-08' };
    submission.payFrequency = 'W1';
    const document = parse(renderPassXml(submission, { ...HEADER, messageFunctionCode: 1 }));
    const [employer] = document.PensionProvider.Employer;
    const [employee] = employer.PayrollPeriod.Employee;
    expect(document.MessageFunctionCode).toBe('1');
    expect(employer.PayrollPeriod).toMatchObject({ PayPeriodStartDate: '2026-11-02', FrequencyCode: 'W1' });
    expect(employee).toMatchObject({
      Assessment: { AssessmentCode: '1', EventCode: '1', EventDate: '2026-11-02' },
      Contribution: { EmployerContributionsPercent: '3', SalarySacrificeIndicator: '0' },
      Exit: { ExitDate: '2026-11-06', ExitReasonCode: 'R' },
    });
  });

  it('escapes markup and drops characters XML 1.0 cannot carry', () => {
    const submission = withEmployee({
      surname: `<b>&"Smith'</b>]]>\u0001\uFFFE x\r\ny`,
      uniqueId: '\uD800id',
    });
    const xml = renderPassXml(submission, { ...HEADER, documentId: '<doc & "1">' });
    expect(xml).toContain('<Surname>&lt;b&gt;&amp;&quot;Smith&apos;&lt;/b&gt;]]&gt; x&#13;\ny</Surname>');
    const document = parse(xml);
    expect(document.DocumentId).toBe('<doc & "1">');
    expect(employeesOf(document)[0]).toMatchObject({
      Name: { Surname: `<b>&"Smith'</b>]]> x\r\ny` },
      Identity: { EmployeeID: 'id' },
    });
  });

  it('stays well-formed and reads back the same employees for hostile values', () => {
    fc.assert(
      fc.property(submissions, hostile, hostile, (wire, intermediaryId, documentId) => {
        const submission = canonical(wire);
        const document = parse(renderPassXml(submission, { ...HEADER, intermediaryId, documentId }));
        if (legal(intermediaryId)) expect(document.IntermediaryId).toBe(legal(intermediaryId));
        if (legal(documentId)) expect(document.DocumentId).toBe(legal(documentId));
        const employees = employeesOf(document);
        const expected = inDocumentOrder(submission);
        expect(employees).toHaveLength(expected.length);
        employees.forEach((element, i) => {
          const e = expected[i] as CanonicalEmployee;
          expect(element.Name.Forename1 ?? '').toBe(legal(e.forename));
          expect(element.Name.Forename2 ?? '').toBe(legal(e.middleName ?? ''));
          expect(element.Name.Surname ?? '').toBe(legal(e.surname));
          expect(element.Identity.EmployeeID ?? '').toBe(legal(e.uniqueId));
          expect(element.Contact.Address1 ?? '').toBe(legal(e.address.line1));
          expect(element.Contact.Postcode ?? '').toBe(legal(e.address.line5 ?? ''));
          expect(element.Pay.PensionableEarningsAmount).toBe((e.pensionableEarnings / 100).toFixed(2));
          expect(element.Contribution.EmployeeContributionsAmount).toBe(
            (e.employeeContributionAmount / 100).toFixed(2),
          );
        });
      }),
      { numRuns: 200 },
    );
  });
});
