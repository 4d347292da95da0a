import type { CanonicalSubmission } from '#domain/canonical-submission';
import { isIsoDate } from '#domain/dates';
import type { Problem } from '#domain/problems';
import { PAPDIS_VERSIONS_READ, type PapdisVersion } from './papdis-codes.ts';
import {
  DATE_FIELDS,
  employeeFields,
  employeeFromFields,
  type FieldProblem,
  type Fields,
  type PapdisField,
  PERIOD_FIELDS,
  periodFields,
  periodFromFields,
  type Report,
  UNHELD_FIELDS,
  type Wire,
} from './papdis-fields.ts';
import { joined } from './pieces.ts';

/** PAPDIS as a flat CSV file: one row per employee, the document and pay period repeated on every row. */

export type DateFormat = 'YYYY-MM-DD' | 'DD/MM/YYYY';

export interface PapdisHeader {
  providerId: string;
  employerId: string;
  /** Written on every row instead of each employee's workerGroupId, for a provider that names groups its own way. */
  group?: string;
  subGroup?: string;
  version?: PapdisVersion;
  dateFormat?: DateFormat;
}

/** What a parsed file says about itself; render with it to write the file the same way. */
export type ParsedPapdisHeader = Omit<PapdisHeader, 'group' | 'version' | 'dateFormat'> & {
  version: PapdisVersion;
  dateFormat: DateFormat;
};

/**
 * Column order of domain-notes §3.2 ([L]/[I]: one public generator, matching Oracle's importer), a subset
 * of PAPDIS 1.1. PayReferenceStartDate/EndDate and Telephone/Mobile are ours: PAPDIS 1.1 fields (§3.1) the
 * canonical model needs, placed where §3.1 groups them. docs/papdis-and-pass.md lists what to confirm.
 */
export const PAPDIS_COLUMNS = [
  'PAPDISVersion',
  'PensionProviderId',
  'EmployerId',
  'Group',
  'SubGroup',
  'PayPeriodStartDate',
  'PayPeriodEndDate',
  'ContributionDeductionDate',
  'FrequencyCode',
  'TaxPeriod',
  'PayReferenceStartDate',
  'PayReferenceEndDate',
  'Title',
  'Forename1',
  'Forename2',
  'Surname',
  'EmployeeId',
  'BirthDate',
  'Gender',
  'NationalInsuranceNumber',
  'Address1',
  'Address2',
  'Address3',
  'Address4',
  'Postcode',
  'Country',
  'EmailAddress',
  'Telephone',
  'Mobile',
  'EmploymentStartDate',
  'ExitDate',
  'ExitReasonCode',
  'AssessmentCode',
  'EventCode',
  'EventDate',
  'DeferralDate',
  'AEOptOutDate',
  'AEOptOutReference',
  'EnrolmentCommunicationsIssuedDate',
  'EmployerContributionsAmount',
  'EmployeeContributionsAmount',
  'AdditionalVoluntaryContributionsAmount',
  'AdditionalVoluntaryContributionsPercent',
  'PensionableEarningsAmount',
  'EmployerContributionsPercent',
  'EmployeeContributionsPercent',
  'SalarySacrificeIndicator',
  'AnnualSalary',
] as const satisfies readonly (PapdisField | DocumentColumn)[];

type DocumentColumn = 'PAPDISVersion' | 'PensionProviderId' | 'EmployerId' | 'SubGroup';
type Column = (typeof PAPDIS_COLUMNS)[number];

/** The same on every row: the document, its employer and the pay period. */
const DOCUMENT_COLUMNS: readonly Column[] = [
  'PAPDISVersion',
  'PensionProviderId',
  'EmployerId',
  'SubGroup',
  ...PERIOD_FIELDS,
];

/** A file without these cannot make a canonical submission (their cells may still be blank). */
const REQUIRED_COLUMNS: readonly Column[] = [
  'PAPDISVersion',
  'PensionProviderId',
  'EmployerId',
  'Group',
  'PayPeriodStartDate',
  'PayPeriodEndDate',
  'Title',
  'Forename1',
  'Surname',
  'EmployeeId',
  'BirthDate',
  'Gender',
  'Address1',
  'EmploymentStartDate',
  'AssessmentCode',
  'EventCode',
  'EmployerContributionsAmount',
  'EmployeeContributionsAmount',
  'PensionableEarningsAmount',
];

/**
 * Columns whose values the gateway formats itself from validated numbers, codes and dates; money is never
 * negative, so none can start like a formula. Every other column is free text and is made inert.
 */
const FORMATTED: ReadonlySet<string> = new Set<Column>([
  ...(DATE_FIELDS as ReadonlySet<Column>),
  'PAPDISVersion',
  'FrequencyCode',
  'TaxPeriod',
  'AssessmentCode',
  'EventCode',
  'EmployerContributionsAmount',
  'EmployeeContributionsAmount',
  'AdditionalVoluntaryContributionsAmount',
  'AdditionalVoluntaryContributionsPercent',
  'PensionableEarningsAmount',
  'EmployerContributionsPercent',
  'EmployeeContributionsPercent',
  'SalarySacrificeIndicator',
  'AnnualSalary',
]);
const IS_TEXT = PAPDIS_COLUMNS.map((column) => !FORMATTED.has(column));
const IS_DATE = PAPDIS_COLUMNS.map((column) => DATE_FIELDS.has(column));

const CRLF = '\r\n';

/** The data rows as cell values (dates in the chosen format), before quoting and formula neutralising, one at a time. */
export function* papdisCsvRows(submission: CanonicalSubmission, header: PapdisHeader): Generator<string[]> {
  const fixed: Fields<Column> = {
    PAPDISVersion: header.version ?? 'PAP11',
    PensionProviderId: header.providerId,
    EmployerId: header.employerId,
    Group: header.group,
    SubGroup: header.subGroup,
    ...periodFields(submission),
  };
  const toDate = header.dateFormat === 'DD/MM/YYYY' ? toUkDate : (iso: string) => iso;
  for (const employee of submission.employees) {
    const fields: Partial<Record<string, string>> = employeeFields(employee, submission.payReferencePeriod);
    yield PAPDIS_COLUMNS.map((column, i) => {
      const value = fixed[column] ?? fields[column] ?? '';
      return IS_DATE[i] && value !== '' ? toDate(value) : value;
    });
  }
}

/** One header row and one row per employee, RFC 4180 with CRLF line ends, a row at a time. */
export function* papdisCsvPieces(submission: CanonicalSubmission, header: PapdisHeader): Generator<string> {
  yield PAPDIS_COLUMNS.join(',') + CRLF;
  for (const row of papdisCsvRows(submission, header)) {
    yield row.map((value, i) => csvCell(value, IS_TEXT[i] === true)).join(',') + CRLF;
  }
}

export function renderPapdisCsv(submission: CanonicalSubmission, header: PapdisHeader): string {
  return joined(papdisCsvPieces(submission, header));
}

// A spreadsheet runs a cell starting with = + - @ TAB or CR; a leading apostrophe makes it text. Existing
// apostrophes before such a character count too, so that parsing can always remove exactly one.
const FORMULA_START = /^'*[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One RFC 4180 cell; a `text` cell that a spreadsheet would run as a formula is made inert. */
export function csvCell(value: string, text: boolean): string {
  const inert = text && FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(inert) ? `"${inert.replaceAll('"', '""')}"` : inert;
}

function fromCsvText(value: string): string {
  return value.startsWith("'") && FORMULA_START.test(value) ? value.slice(1) : value;
}

function toUkDate(iso: string): string {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

export type PapdisParseResult =
  | { ok: true; submission: Wire; header: ParsedPapdisHeader }
  | { ok: false; problems: Problem[] };

export interface PapdisParseOptions {
  /** Accept only this date format; by default the file's first date decides, and every date must match it. */
  dateFormat?: DateFormat;
}

/**
 * Reads a PAPDIS CSV file into the canonical wire shape (pounds), ready for `parseSubmission`, naming every
 * problem with its row, field and value. Columns are matched by name, in any order and case.
 */
export function parsePapdisCsv(text: string, options: PapdisParseOptions = {}): PapdisParseResult {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (body.trim() === '') return { ok: false, problems: [problem('papdis.empty', 'The file is empty.')] };
  const problems: Problem[] = [];
  const { records, malformed } = readRecords(body);
  for (const { row, message } of malformed)
    problems.push(problem('papdis.malformed_csv', `Row ${row}: ${message}`));
  const [names = [], ...data] = records;
  const columns = mapColumns(names, problems);
  const dates = new DateReader(options.dateFormat);

  const rows: Row[] = [];
  data.forEach((cells, i) => {
    if (cells.length === 1 && cells[0] === '') return; // blank line
    const row: Row = { number: i + 2, employeeIndex: rows.length, readable: true, fields: {}, problems: [] };
    rows.push(row);
    if (cells.length !== names.length) {
      row.readable = false;
      row.problems.push(
        problem(
          'papdis.field_count',
          `Row ${row.number} has ${cells.length} fields; the header has ${names.length}.`,
          {
            employeeIndex: row.employeeIndex,
            providedValue: String(cells.length),
            expectedValue: String(names.length),
          },
        ),
      );
      return;
    }
    columns.forEach((column, c) => {
      const cell = cells[c] ?? '';
      if (column !== undefined && cell !== '') readCell(row, column, cell, dates);
    });
  });
  if (rows.length === 0) problems.push(problem('papdis.no_employees', 'The file has no employee rows.'));

  const document = documentFields(rows, problems);
  const period = periodFromFields(document, (p) => problems.push(fieldProblem(p)));
  const payReferenceEnd = (period.payReferencePeriod as { end?: string } | undefined)?.end;
  const employees = rows.map((row) => employeeFromFields(row.fields, payReferenceEnd, reportFor(row)));
  const header = readHeader(document, dates.format ?? 'YYYY-MM-DD', problems);
  for (const row of rows) {
    const uniqueId = row.fields.EmployeeId;
    for (const p of row.problems) problems.push(uniqueId === undefined ? p : { ...p, uniqueId });
  }
  return problems.length > 0 || !header
    ? { ok: false, problems }
    : { ok: true, submission: { ...period, employees }, header };
}

interface Row {
  /** 1-based record number in the file, the header being row 1. */
  number: number;
  employeeIndex: number;
  /** False when its cells cannot be matched to the columns. */
  readable: boolean;
  fields: Fields<Column>;
  problems: Problem[];
}

function readCell(row: Row, column: Column, cell: string, dates: DateReader): void {
  const report = reportFor(row);
  if ((UNHELD_FIELDS as readonly string[]).includes(column)) {
    report({
      field: column as PapdisField,
      code: 'papdis.unsupported_field',
      message: `${column} has no place in the gateway's submission; leave it blank.`,
      value: cell,
    });
    return;
  }
  const value = DATE_FIELDS.has(column)
    ? dates.read(cell, column as PapdisField, report)
    : FORMATTED.has(column)
      ? cell
      : fromCsvText(cell);
  if (value !== undefined) row.fields[column] = value;
}

function reportFor(row: Row): Report {
  return (p) =>
    row.problems.push(
      fieldProblem(
        { ...p, message: `Row ${row.number}: ${p.message}` },
        { employeeIndex: row.employeeIndex },
      ),
    );
}

/** The first row's document and pay period, with one problem for each column another row disagrees on. */
function documentFields(rows: readonly Row[], problems: Problem[]): Fields<Column> {
  const [first, ...others] = rows.filter((row) => row.readable);
  const document: Fields<Column> = {};
  for (const column of DOCUMENT_COLUMNS) {
    document[column] = first?.fields[column];
    const differing = others.find((row) => row.fields[column] !== document[column]);
    if (!differing) continue;
    problems.push(
      problem(
        'papdis.inconsistent_value',
        `Row ${differing.number}: ${column} differs from the first row's; a file holds one document and one pay period.`,
        {
          field: column,
          employeeIndex: differing.employeeIndex,
          providedValue: differing.fields[column] ?? '',
          expectedValue: document[column] ?? '',
        },
      ),
    );
  }
  return document;
}

function readHeader(
  document: Fields<Column>,
  dateFormat: DateFormat,
  problems: Problem[],
): ParsedPapdisHeader | undefined {
  const version = PAPDIS_VERSIONS_READ[document.PAPDISVersion ?? ''];
  const { PensionProviderId: providerId, EmployerId: employerId, SubGroup: subGroup } = document;
  if (version === undefined) {
    const known = Object.keys(PAPDIS_VERSIONS_READ).join(', ');
    problems.push(
      problem('papdis.invalid_code', `PAPDISVersion must be one of ${known}.`, {
        field: 'PAPDISVersion',
        providedValue: document.PAPDISVersion ?? '',
        expectedValue: known,
      }),
    );
  }
  for (const [field, value] of [
    ['PensionProviderId', providerId],
    ['EmployerId', employerId],
  ] as const) {
    if (value === undefined) problems.push(problem('papdis.required', `${field} is blank.`, { field }));
  }
  if (providerId === undefined || employerId === undefined) return undefined;
  const header: ParsedPapdisHeader = {
    version: version as PapdisVersion,
    providerId,
    employerId,
    dateFormat,
  };
  if (subGroup !== undefined) header.subGroup = subGroup;
  return header;
}

function mapColumns(names: readonly string[], problems: Problem[]): (Column | undefined)[] {
  const known = new Map<string, Column>(PAPDIS_COLUMNS.map((column) => [column.toLowerCase(), column]));
  const seen = new Set<Column>();
  const columns = names.map((name) => {
    const column = known.get(name.trim().toLowerCase());
    if (column === undefined) {
      problems.push(
        problem('papdis.unknown_column', `Unknown column "${name}".`, { field: name, providedValue: name }),
      );
    } else if (seen.has(column)) {
      problems.push(
        problem('papdis.duplicate_column', `Column ${column} appears twice.`, {
          field: column,
          providedValue: name,
        }),
      );
      return undefined;
    }
    if (column) seen.add(column);
    return column;
  });
  for (const column of REQUIRED_COLUMNS) {
    if (!seen.has(column)) {
      problems.push(problem('papdis.missing_column', `Column ${column} is missing.`, { field: column }));
    }
  }
  return columns;
}

const ISO_SHAPE = /^\d{4}-\d{2}-\d{2}$/;
const UK_SHAPE = /^\d{2}\/\d{2}\/\d{4}$/;

/** Reads dates in one format per file: the one asked for, or else the first date's. */
class DateReader {
  constructor(public format: DateFormat | undefined) {}

  read(cell: string, field: PapdisField, report: Report): string | undefined {
    const shape = ISO_SHAPE.test(cell) ? 'YYYY-MM-DD' : UK_SHAPE.test(cell) ? 'DD/MM/YYYY' : undefined;
    this.format ??= shape;
    const expected = this.format ?? 'YYYY-MM-DD or DD/MM/YYYY';
    if (shape === undefined || shape !== this.format) {
      report({
        field,
        code: 'papdis.invalid_date',
        message: `${field} is not a date as ${expected}.`,
        value: cell,
        expected,
      });
      return undefined;
    }
    const iso = shape === 'DD/MM/YYYY' ? `${cell.slice(6)}-${cell.slice(3, 5)}-${cell.slice(0, 2)}` : cell;
    if (isIsoDate(iso)) return iso;
    report({
      field,
      code: 'papdis.invalid_date',
      message: `${field} is not a calendar date.`,
      value: cell,
      expected,
    });
    return undefined;
  }
}

interface Malformed {
  row: number;
  message: string;
}

/**
 * RFC 4180 records: fields split on commas, quoted fields may hold commas, doubled quotes and line breaks;
 * records end at CRLF, LF or CR. A final line break does not start another record.
 */
function readRecords(text: string): { records: string[][]; malformed: Malformed[] } {
  const records: string[][] = [];
  const malformed: Malformed[] = [];
  const end = text.length;
  let record: string[] = [];
  let i = 0;
  for (;;) {
    const row = records.length + 1;
    let value = '';
    if (text[i] === '"') {
      let from = i + 1;
      for (;;) {
        const quote = text.indexOf('"', from);
        if (quote === -1) {
          malformed.push({ row, message: 'a quoted field is never closed.' });
          value += text.slice(from);
          i = end;
          break;
        }
        value += text.slice(from, quote);
        if (text[quote + 1] === '"') {
          value += '"';
          from = quote + 2;
          continue;
        }
        i = quote + 1;
        break;
      }
      const rest = fieldEnd(text, i);
      if (rest > i) {
        malformed.push({ row, message: 'text follows a closing quote; quote the whole field.' });
        value += text.slice(i, rest);
        i = rest;
      }
    } else {
      const stop = fieldEnd(text, i);
      value = text.slice(i, stop);
      if (value.includes('"'))
        malformed.push({ row, message: 'a quote inside an unquoted field; quote the field.' });
      i = stop;
    }
    record.push(value);
    if (i >= end) break;
    if (text[i] === ',') {
      i++;
      continue;
    }
    i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
    records.push(record);
    record = [];
    if (i >= end) return { records, malformed };
  }
  records.push(record);
  return { records, malformed };
}

/** Index of the comma or line break that ends the field starting at `from`, or the text's end. */
function fieldEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 44 || c === 10 || c === 13) return i;
  }
  return text.length;
}

function fieldProblem(p: FieldProblem, at: Partial<Problem> = {}): Problem {
  return problem(p.code, p.message, {
    ...at,
    field: p.field,
    providedValue: p.value,
    expectedValue: p.expected,
  });
}

function problem(code: string, message: string, details: Partial<Problem> = {}): Problem {
  const result: Problem = { code, message, source: 'gateway' };
  for (const [key, value] of Object.entries(details))
    if (value !== undefined) Object.assign(result, { [key]: value });
  return result;
}
