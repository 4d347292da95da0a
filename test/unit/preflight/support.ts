import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { CanonicalEmployee, CanonicalSubmission } from '#domain/canonical-submission';
import { parseSubmission } from '#domain/parse-submission';
import type { Problem } from '#domain/problems';
import {
  checkTppRules,
  type TppPreflightContext,
  type TppSchemeDetails,
} from '#providers/tpp/preflight/check-tpp-rules';

/** Sandbox account 855969 "Franecki Group Weekly", as its account information describes it. */
export const ACCOUNT_855969: TppSchemeDetails = {
  stagingDate: '2016-04-01',
  nextPayReferencePeriod: { start: '2026-11-02', end: '2026-11-08' },
  workerGroups: [
    { id: 'UF', effective: { start: '2016-04-01', end: '2019-04-05' } },
    { id: 'UF', effective: { start: '2019-04-06' } },
    { id: 'DIR', effective: { start: '2016-04-01' } },
  ],
};

/** Two days after the fixture's period ends, as when a weekly payroll is run. */
export const TODAY = '2026-11-10';

/** test/fixtures/submission.json exactly as payroll would send it, parsed to pence. */
export function fixtureSubmission(): CanonicalSubmission {
  const body: unknown = JSON.parse(
    readFileSync(new URL('../../fixtures/submission.json', import.meta.url), 'utf8'),
  );
  const result = parseSubmission(body);
  if (!result.ok) throw new Error(`the fixture is refused: ${JSON.stringify(result.problems)}`);
  return result.submission;
}

/** The fixture, which meets every rule for sandbox account 855969. */
export function validSubmission(): CanonicalSubmission {
  return fixtureSubmission();
}

/** A copy of the submission with one employee's fields replaced (undefined removes a field). */
export function withEmployee(
  submission: CanonicalSubmission,
  index: number,
  patch: Partial<CanonicalEmployee>,
): CanonicalSubmission {
  const employees = submission.employees.map((employee, i) => {
    if (i !== index) return employee;
    const patched: Record<string, unknown> = { ...employee, ...patch };
    for (const key of Object.keys(patch)) if (patched[key] === undefined) delete patched[key];
    return patched as CanonicalEmployee;
  });
  return { ...submission, employees };
}

/** Oliver King, the fixture's second employee: most failing cases change him, so indexes are not all 0. */
export const OLIVER = { employeeIndex: 1, uniqueId: '65309' } as const;
export const ABIGAIL = { employeeIndex: 0, uniqueId: '851001' } as const;

export function check(
  submission: CanonicalSubmission,
  details: TppSchemeDetails = ACCOUNT_855969,
  context: TppPreflightContext = { today: TODAY },
): Problem[] {
  return checkTppRules(submission, details, context);
}

/** Only the problems carrying this code, so a case can tweak one field without caring about the others. */
export function problemsWith(
  code: string,
  submission: CanonicalSubmission,
  details?: TppSchemeDetails,
  context?: TppPreflightContext,
): Problem[] {
  return check(submission, details, context).filter((p) => p.code === code);
}

/** The problem a gateway rule reports about one employee's field. */
export function employeeProblem(
  code: string,
  who: { employeeIndex: number; uniqueId: string },
  field: string,
  values: { providedValue?: string; expectedValue?: string } = {},
): Problem {
  return {
    code,
    message: expect.any(String),
    field: `employees[${who.employeeIndex}].${field}`,
    employeeIndex: who.employeeIndex,
    uniqueId: who.uniqueId,
    ...values,
    source: 'gateway',
  };
}
