import type { Employee } from '../contributions-request.ts';
import type { EnforcedCode } from './codes.ts';
import { type EmployeeRule, employeeError, fieldsOf } from './rule.ts';

// TPP's /fields/address/ numbering: D/J01 line 1 missing, D/J02 line 1 too long, D/J03 fewer than three
// lines, D/J04 under 15 characters in all, and D/K01-D/N01 lines 2-5 too long.
const LINES = [
  { field: 'line1', max: 50, tooLong: 'D/J02' },
  { field: 'line2', max: 50, tooLong: 'D/K01' },
  { field: 'line3', max: 50, tooLong: 'D/L01' },
  { field: 'line4', max: 50, tooLong: 'D/M01' },
  { field: 'line5', max: 25, tooLong: 'D/N01' },
] as const satisfies ReadonlyArray<{ field: string; max: number; tooLong: EnforcedCode }>;

const MIN_TOTAL_LENGTH = 15;

function addressLines(employee: Employee): string[] {
  const record = fieldsOf(employee.address);
  return LINES.map(({ field }) => {
    const line = record[field];
    return typeof line === 'string' ? line.trim() : '';
  });
}

const addressIsComplete: EmployeeRule = (employee, index) => {
  const lines = addressLines(employee);
  const [line1 = '', ...others] = lines;
  if (line1 === '') return [employeeError('D/J01', employee, index, { providedValue: employee.address })];
  const errors = [];
  if (others.filter((line) => line !== '').length < 2) {
    errors.push(employeeError('D/J03', employee, index, { providedValue: employee.address }));
  }
  if (lines.join('').length < MIN_TOTAL_LENGTH) {
    errors.push(employeeError('D/J04', employee, index, { providedValue: employee.address }));
  }
  return errors;
};

const addressLinesFit: EmployeeRule = (employee, index) => {
  const lines = addressLines(employee);
  return LINES.flatMap(({ max, tooLong }, position) => {
    const line = lines[position] ?? '';
    return line.length > max ? [employeeError(tooLong, employee, index, { providedValue: line })] : [];
  });
};

export const addressRules: EmployeeRule[] = [addressIsComplete, addressLinesFit];
