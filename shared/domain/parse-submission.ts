import * as z from 'zod/mini';
import {
  type CanonicalEmployee,
  type CanonicalSubmission,
  canonicalEmployee,
  canonicalSubmission,
} from './canonical-submission.ts';
import { fastAccept, REFUSED } from './fast-parse.ts';
import type { Problem } from './problems.ts';
import { englishIssues, schemaProblems } from './schema-problems.ts';

export type ParseResult = { ok: true; submission: CanonicalSubmission } | { ok: false; problems: Problem[] };

/** The submission without its employees, which are checked one at a time. */
const envelope = z.extend(canonicalSubmission, { employees: z.array(z.unknown()).check(z.minLength(1)) });

const inEnglish = { error: englishIssues };

/** Accepts a valid employee quickly; the schema itself names what is wrong with any other. */
const acceptEmployee = fastAccept(canonicalEmployee);

/**
 * Checks a payroll document against the canonical schema and names every problem, not just the first.
 * Employees are checked one at a time. With `inPlace`, each checked employee replaces the one given in the
 * body's own array, so a large payroll is never held twice; the body is then the caller's no longer.
 */
export function parseSubmission(body: unknown, options: { inPlace?: boolean } = {}): ParseResult {
  const head = envelope.safeParse(body, inEnglish);
  const issues: z.core.$ZodIssue[] = head.success ? [] : [...head.error.issues];
  const given = (body as { employees?: unknown } | null)?.employees;
  const employees: CanonicalEmployee[] = [];
  if (Array.isArray(given)) {
    given.forEach((raw, index) => {
      const accepted = acceptEmployee(raw);
      if (accepted !== REFUSED) {
        employees.push(accepted);
        if (options.inPlace) given[index] = accepted;
        return;
      }
      const employee = canonicalEmployee.safeParse(raw, inEnglish);
      if (employee.success) {
        employees.push(employee.data);
        if (options.inPlace) given[index] = employee.data;
      } else {
        issues.push(
          ...employee.error.issues.map((issue) => ({ ...issue, path: ['employees', index, ...issue.path] })),
        );
      }
    });
  }
  if (issues.length || !head.success) {
    // The order the whole schema would give: the fields before employees, the employees, the rest.
    const rank = (issue: z.core.$ZodIssue) =>
      issue.path[0] === 'payReferencePeriod' ? 0 : issue.path[0] === 'employees' ? 1 : 2;
    const ordered = issues
      .map((issue, i) => ({ issue, i }))
      .sort((a, b) => rank(a.issue) - rank(b.issue) || a.i - b.i);
    return { ok: false, problems: schemaProblems({ issues: ordered.map(({ issue }) => issue) }, body) };
  }
  return { ok: true, submission: { ...head.data, employees } };
}
