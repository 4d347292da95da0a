import { randomUUID } from 'node:crypto';
import type { ApiError } from './http.ts';

export type Employee = Record<string, unknown>;

// A rule inspects one employee and returns the errors it finds; add new rules to `employeeRules`.
type EmployeeRule = (employee: Employee, employeeIndex: number) => ApiError[];

function detailsError(
  code: string,
  title: string,
  employee: Employee,
  employeeIndex: number,
  providedValue: string,
  expectedValue = '',
): ApiError {
  return {
    id: randomUUID(),
    code,
    title,
    meta: {
      uniqueId: String(employee.uniqueId ?? ''),
      providedValue,
      expectedValue,
      employeeIndex: String(employeeIndex),
      category: 'DetailsRecord',
    },
    links: {
      about: `https://developer.peoplespartnership.co.uk/errors/${code.toLowerCase().replace('/', '-')}/`,
    },
  };
}

const MALE_TITLES = new Set(['Mr', 'Sir']);
const FEMALE_TITLES = new Set(['Mrs', 'Miss', 'Ms']);

const titleMatchesGender: EmployeeRule = (employee, index) => {
  const { title, gender } = employee;
  if (typeof title !== 'string') return [];
  if (gender === 'F' && MALE_TITLES.has(title)) {
    return [
      detailsError(
        'D/B03',
        'The provided gender indicates Female; however provided title indicates Male',
        employee,
        index,
        gender,
      ),
    ];
  }
  if (gender === 'M' && FEMALE_TITLES.has(title)) {
    return [
      detailsError(
        'D/B03',
        'The provided gender indicates Male; however provided title indicates Female',
        employee,
        index,
        gender,
      ),
    ];
  }
  return [];
};

const employeeRules: EmployeeRule[] = [titleMatchesGender];

export function validateEmployees(employees: readonly Employee[]): ApiError[] {
  return employees.flatMap((employee, index) => employeeRules.flatMap((rule) => rule(employee, index)));
}
