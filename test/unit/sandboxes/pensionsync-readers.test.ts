import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CanonicalEmployee, CanonicalSubmission } from '#domain/canonical-submission';
import { renderPapdisCsv } from '#formats/papdis-csv';
import { renderPassXml } from '#formats/pass-xml';
import { fromInertText, readCsvRecords } from '../../../sandboxes/pensionsync/csv.ts';
import type { MemberDocument } from '../../../sandboxes/pensionsync/documents.ts';
import { readPapdis } from '../../../sandboxes/pensionsync/papdis.ts';
import { readPass } from '../../../sandboxes/pensionsync/pass.ts';
import { memberErrors } from '../../../sandboxes/pensionsync/validation.ts';
import { canonical, fixture, submissions } from '../formats/papdis-support.ts';

/** What XML 1.0 can carry of a string: the characters it forbids are dropped. */
const legal = (value: string) =>
  value.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '');

/** The leaves the sandbox reads, from the canonical employee; blank ones are absent from PASS. */
function expectedLeaves(e: CanonicalEmployee): Record<string, string | undefined> {
  return {
    Forename1: e.forename,
    Surname: e.surname,
    NationalInsuranceNumber: e.niNumber,
    BirthDate: e.dateOfBirth,
  };
}

function ok(document: ReturnType<typeof readPapdis>): MemberDocument {
  if (!document.ok) throw new Error(document.message);
  return document.value;
}

describe('PensionSync sandbox CSV records', () => {
  it('reads quoted commas, doubled quotes, line breaks inside quotes and every line end', () => {
    expect(readCsvRecords('a,b\r\n"x,1","say ""hi"""\r\n')).toEqual([
      ['a', 'b'],
      ['x,1', 'say "hi"'],
    ]);
    expect(readCsvRecords('a,b\n"two\r\nlines",\n')).toEqual([
      ['a', 'b'],
      ['two\r\nlines', ''],
    ]);
    expect(readCsvRecords('a\rb')).toEqual([['a'], ['b']]);
    expect(readCsvRecords(',,')).toEqual([['', '', '']]);
    expect(readCsvRecords('"",x')).toEqual([['', 'x']]);
  });

  it('throws on malformed quoting, naming the record', () => {
    expect(() => readCsvRecords('a\n"open')).toThrow(/Record 2: a quoted field is never closed/);
    expect(() => readCsvRecords('"a"b')).toThrow(/text follows a closing quote/);
    expect(() => readCsvRecords('a"b')).toThrow(/quote inside an unquoted field/);
  });

  it('removes exactly one apostrophe that makes formula-like text inert', () => {
    expect(fromInertText("'=SUM(A1)")).toBe('=SUM(A1)');
    expect(fromInertText("'+44 7700")).toBe('+44 7700');
    expect(fromInertText("'-x")).toBe('-x');
    expect(fromInertText("'@home")).toBe('@home');
    expect(fromInertText("''=x")).toBe("'=x");
    expect(fromInertText("'tis")).toBe("'tis");
    expect(fromInertText('=x')).toBe('=x');
  });
});

describe('PensionSync sandbox PAPDIS reader', () => {
  it('reads the fixture as the gateway writes it', () => {
    const document = ok(readPapdis(renderPapdisCsv(fixture(), { providerId: 'NEST', employerId: 'E1' })));
    expect(document.employerId).toBe('E1');
    expect(document.members.map((m) => [m.lineNumber, m.fields.EmployeeId, m.fields.Surname])).toEqual([
      [1, '851001', 'Williamson'],
      [2, '65309', 'King'],
    ]);
    expect(memberErrors(document)).toEqual([]);
  });

  it('reads LF line ends, a byte order mark and any column order and case', () => {
    const csv = '\uFEFFsurname,EMPLOYERID,EmployeeId\nKing,E1,65309\n\n';
    const document = ok(readPapdis(csv));
    expect(document.members).toEqual([
      { lineNumber: 1, fields: { Surname: 'King', EmployerId: 'E1', EmployeeId: '65309' } },
    ]);
  });

  it('refuses files it cannot read', () => {
    const problems = [
      ['', /empty/],
      ['Surname\r\nKing\r\n', /EmployerId is missing/],
      ['EmployerId,employerid\r\nE1,E1\r\n', /appears twice/],
      ['EmployerId\r\n', /no employee rows/],
      ['EmployerId,Surname\r\nE1,A\r\nE2,B\r\n', /one employer/],
      ['EmployerId,Surname\r\n,A\r\n', /EmployerId is blank/],
      ['EmployerId,Surname\r\nE1,A,extra\r\n', /Record 2 has 3 fields/],
    ] as const;
    for (const [csv, message] of problems) {
      const result = readPapdis(csv);
      expect(result.ok, csv).toBe(false);
      if (!result.ok) expect(result.message).toMatch(message);
    }
  });

  it('reads back every value the gateway writes, hostile text included', () => {
    fc.assert(
      fc.property(submissions, (wire) => {
        const submission: CanonicalSubmission = canonical(wire);
        const document = ok(readPapdis(renderPapdisCsv(submission, { providerId: 'P', employerId: '=E1' })));
        expect(document.employerId).toBe('=E1');
        expect(document.members).toHaveLength(submission.employees.length);
        submission.employees.forEach((employee, i) => {
          const member = document.members[i];
          expect(member?.lineNumber).toBe(i + 1);
          expect(member?.fields.EmployeeId).toBe(employee.uniqueId);
          for (const [name, value] of Object.entries(expectedLeaves(employee))) {
            expect(member?.fields[name]).toBe(value ?? '');
          }
        });
      }),
    );
  });
});

describe('PensionSync sandbox PASS reader', () => {
  const header = { intermediaryId: 'int-1', documentId: 'doc-1', destinationId: 'NST', employerId: 'E1' };

  it('reads the header and employees of the fixture as the gateway writes it', () => {
    const result = readPass(renderPassXml(fixture(), header));
    if (!result.ok) throw new Error(result.message);
    expect(result.value).toMatchObject({
      kind: 'pass',
      intermediaryId: 'int-1',
      documentId: 'doc-1',
      destinationId: 'NST',
      employerId: 'E1',
      employeeIdField: 'EmployeeID',
    });
    expect(result.value.members.map((m) => [m.lineNumber, m.fields.EmployeeID, m.fields.Forename1])).toEqual([
      [1, '851001', 'Abigail'],
      [2, '65309', 'Oliver'],
    ]);
    expect(memberErrors(result.value)).toEqual([]);
  });

  it('refuses documents it cannot read', () => {
    const xml = renderPassXml(fixture(), header);
    const problems = [
      ['<Document><IntermediaryId>x</Document>', /not well-formed/],
      ['<Scheme/>', /no Document root/],
      [xml.replace('<IntermediaryId>int-1</IntermediaryId>', ''), /IntermediaryId is missing/],
      [xml.replace('<DocumentId>doc-1</DocumentId>', ''), /DocumentId is missing/],
      [xml.replaceAll('<EmployerID>E1</EmployerID>', ''), /EmployerID is missing/],
      [xml.replace(/<Employee>.*<\/Employee>/, ''), /no Employee element/],
    ] as const;
    for (const [text, message] of problems) {
      const result = readPass(text);
      expect(result.ok, text).toBe(false);
      if (!result.ok) expect(result.message).toMatch(message);
    }
  });

  it('reads back every value the gateway writes, in document order, hostile text included', () => {
    fc.assert(
      fc.property(submissions, (wire) => {
        const submission: CanonicalSubmission = canonical(wire);
        const result = readPass(renderPassXml(submission, header));
        if (!result.ok) throw new Error(result.message);
        // One Employer element per worker group: employees come grouped, in order of first appearance.
        const groups = new Map<string, CanonicalEmployee[]>();
        for (const e of submission.employees) {
          groups.set(e.workerGroupId, [...(groups.get(e.workerGroupId) ?? []), e]);
        }
        const inOrder = [...groups.values()].flat();
        expect(result.value.members).toHaveLength(inOrder.length);
        inOrder.forEach((employee, i) => {
          const member = result.value.members[i];
          expect(member?.lineNumber).toBe(i + 1);
          expect(member?.fields.EmployeeID).toBe(legal(employee.uniqueId));
          for (const [name, value] of Object.entries(expectedLeaves(employee))) {
            expect(member?.fields[name]).toBe(value === undefined || value === '' ? undefined : legal(value));
          }
        });
      }),
    );
  });
});
