import { en } from 'zod/locales';
import type * as z from 'zod/mini';
import type { Problem } from './problems.ts';

/**
 * Zod's English messages, which every problem carries: give them to each parse (`{ error: englishIssues }`)
 * rather than set them for the process. Classic zod sets them for the whole process when it is imported;
 * zod/mini sets none, and a parse without them says only "Invalid input".
 */
export const englishIssues = /* @__PURE__ */ en().localeError;

/**
 * Every schema issue as a problem naming its field, and for an employee its index and uniqueId, and the
 * value that was given. Takes a classic or a zod/mini error alike.
 */
export function schemaProblems(error: Pick<z.core.$ZodError, 'issues'>, body: unknown): Problem[] {
  return error.issues.flatMap((issue) => toProblems(issue, body));
}

function toProblems(issue: z.core.$ZodIssue, body: unknown): Problem[] {
  // One problem per unknown field, so each names the field itself (a misspelt name is the usual cause).
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) =>
      toProblem({ ...issue, path: [...issue.path, key], message: `unknown field "${key}"` }, body),
    );
  }
  return [toProblem(issue, body)];
}

function toProblem(issue: z.core.$ZodIssue, body: unknown): Problem {
  const problem: Problem = {
    code: `schema.${issue.code}`,
    message: issue.message,
    field: fieldName(issue.path),
    source: 'gateway',
  };
  const [root, index] = issue.path;
  if (root === 'employees' && typeof index === 'number') {
    problem.employeeIndex = index;
    const uniqueId = valueAt(body, ['employees', index, 'uniqueId']);
    if (typeof uniqueId === 'string') problem.uniqueId = uniqueId;
  }
  const provided = valueAt(body, issue.path);
  if (provided !== undefined && (typeof provided !== 'object' || provided === null)) {
    problem.providedValue = String(provided);
  }
  return problem;
}

/** `employees[3].address.line1` */
function fieldName(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const part of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[part];
  }
  return current;
}
