import type { Problem } from '#domain/problems';
import { csvCell } from './papdis-csv.ts';

/**
 * A submission's errors as a CSV file payroll can hand to its customer: a header row, then one row per
 * error, RFC 4180 (CRLF, quoted where needed). Every cell is text, so one that a spreadsheet would run as a
 * formula (= + - @) is made inert with a leading apostrophe: the values come from payroll's data and the
 * provider's messages, and a spreadsheet is where this file is opened.
 */
export const ERRORS_CSV_COLUMNS = [
  ['Employee reference', (problem) => problem.uniqueId],
  [
    'Employee row',
    (problem) => (problem.employeeIndex === undefined ? undefined : String(problem.employeeIndex + 1)),
  ],
  ['Field', (problem) => problem.field],
  ['Code', (problem) => problem.code],
  ['Message', (problem) => problem.message],
  ['Provided value', (problem) => problem.providedValue],
  ['Expected value', (problem) => problem.expectedValue],
  ['Category', (problem) => problem.category],
  ['Source', (problem) => problem.source],
] as const satisfies readonly (readonly [string, (problem: Problem) => string | undefined])[];

const CRLF = '\r\n';

export function renderErrorsCsv(problems: readonly Problem[]): string {
  const row = (cells: readonly (string | undefined)[]) =>
    cells.map((cell) => csvCell(cell ?? '', true)).join(',');
  const lines = [row(ERRORS_CSV_COLUMNS.map(([name]) => name))];
  for (const problem of problems) lines.push(row(ERRORS_CSV_COLUMNS.map(([, value]) => value(problem))));
  return lines.map((line) => line + CRLF).join('');
}
