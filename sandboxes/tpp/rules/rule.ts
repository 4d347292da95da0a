import { randomUUID } from 'node:crypto';
import { isObject } from '../../common/json.ts';
import type { TppAccount } from '../accounts.ts';
import type { ContributionsRequest, Employee } from '../contributions-request.ts';
import type { ApiError } from '../http.ts';
import { ENFORCED_CODES, type EnforcedCode } from './codes.ts';

export interface RuleContext {
  account: TppAccount;
  request: ContributionsRequest;
}

// Header and trailer rules look at the whole request; detail rules at one employee at a time.
export type RequestRule = (context: RuleContext) => ApiError[];
export type EmployeeRule = (employee: Employee, employeeIndex: number, context: RuleContext) => ApiError[];

// TPP's meta values are all strings; a missing value is shown as blank.
export function shown(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

interface ErrorDetails {
  providedValue: unknown;
  expectedValue?: unknown;
  title?: string;
}

function apiError(
  code: EnforcedCode,
  uniqueId: string,
  employeeIndex: string,
  details: ErrorDetails,
): ApiError {
  const { category, title } = ENFORCED_CODES[code];
  return {
    id: randomUUID(),
    code,
    title: details.title ?? title,
    meta: {
      uniqueId,
      providedValue: shown(details.providedValue),
      expectedValue: shown(details.expectedValue),
      employeeIndex,
      category,
    },
    links: {
      about: `https://developer.peoplespartnership.co.uk/errors/${code.toLowerCase().replace('/', '-')}/`,
    },
  };
}

export function employeeError(
  code: EnforcedCode,
  employee: Employee,
  employeeIndex: number,
  details: ErrorDetails,
): ApiError {
  return apiError(code, shown(employee.uniqueId), String(employeeIndex), details);
}

// Header and trailer errors concern no employee, so uniqueId and employeeIndex stay blank.
export function requestError(code: EnforcedCode, details: ErrorDetails): ApiError {
  return apiError(code, '', '', details);
}

// A nested object such as address or employmentPeriod; anything else reads as having no fields.
export function fieldsOf(value: unknown): Record<string, unknown> {
  return isObject(value) ? value : {};
}
