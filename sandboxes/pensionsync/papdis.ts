import { fromInertText, readCsvRecords } from './csv.ts';
import type { MemberDocument, MemberRecord, ReadResult } from './documents.ts';

/** Reads a PAPDIS CSV file: a header row of column names, then one row per employee. */

const EMPLOYER_ID = 'EmployerId';
const EMPLOYEE_ID = 'EmployeeId';

export function readPapdis(text: string): ReadResult<MemberDocument> {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (body.trim() === '') return { ok: false, message: 'The PAPDIS file is empty.' };
  let records: string[][];
  try {
    records = readCsvRecords(body);
  } catch (error) {
    return { ok: false, message: `The PAPDIS file is not valid CSV. ${(error as Error).message}` };
  }
  const [header = [], ...rows] = records;
  // Column names as PAPDIS spells them, matched whatever their case.
  const names = header.map((name) => name.trim());
  const seen = new Set<string>();
  for (const name of names) {
    const folded = name.toLowerCase();
    if (seen.has(folded)) return { ok: false, message: `Column ${name} appears twice.` };
    seen.add(folded);
  }
  if (!seen.has(EMPLOYER_ID.toLowerCase()))
    return { ok: false, message: `Column ${EMPLOYER_ID} is missing.` };

  const members: MemberRecord[] = [];
  for (const [index, cells] of rows.entries()) {
    if (cells.length === 1 && cells[0] === '') continue; // a blank line
    if (cells.length !== names.length) {
      return {
        ok: false,
        message: `Record ${index + 2} has ${cells.length} fields; the header has ${names.length}.`,
      };
    }
    const fields: Record<string, string> = {};
    names.forEach((name, c) => {
      fields[normalName(name)] = fromInertText(cells[c] ?? '');
    });
    members.push({ lineNumber: members.length + 1, fields });
  }
  if (members.length === 0) return { ok: false, message: 'The PAPDIS file has no employee rows.' };

  const employerIds = new Set(members.map((member) => member.fields[EMPLOYER_ID] ?? ''));
  const [employerId = ''] = employerIds;
  if (employerIds.size > 1) {
    return { ok: false, message: `A PAPDIS file holds one employer; this one names ${employerIds.size}.` };
  }
  if (employerId.trim() === '') return { ok: false, message: `${EMPLOYER_ID} is blank.` };
  return {
    ok: true,
    value: {
      kind: 'papdis',
      employerId,
      members,
      employeeIdField: EMPLOYEE_ID,
      employerIdField: EMPLOYER_ID,
    },
  };
}

// The few columns the sandbox reads, in PAPDIS's own spelling, so validation names fields one way.
const KNOWN_COLUMNS = [
  EMPLOYER_ID,
  EMPLOYEE_ID,
  'Forename1',
  'Surname',
  'BirthDate',
  'NationalInsuranceNumber',
  'EmployerContributionsAmount',
  'EmployeeContributionsAmount',
  'AdditionalVoluntaryContributionsAmount',
  'PensionableEarningsAmount',
];
const BY_FOLDED = new Map(KNOWN_COLUMNS.map((name) => [name.toLowerCase(), name]));

function normalName(name: string): string {
  return BY_FOLDED.get(name.toLowerCase()) ?? name;
}
