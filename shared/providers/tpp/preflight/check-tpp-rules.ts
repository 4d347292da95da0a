import type { CanonicalSubmission } from '#domain/canonical-submission';
import type { Problem } from '#domain/problems';
import { CONTRIBUTION_RULES } from './contribution-rules.ts';
import { EMPLOYMENT_RULES } from './employment-rules.ts';
import { ENROLMENT_RULES } from './enrolment-rules.ts';
import { PERIOD_RULES } from './period-rules.ts';
import { PERSONAL_RULES } from './personal-rules.ts';
import type { EmployeesRule, Finding, TppPreflightContext, TppRule, TppSchemeDetails } from './rule.ts';

export type { TppPreflightContext, TppRule, TppSchemeDetails, TppWorkerGroup } from './rule.ts';

/** Every rule TPP applies that the gateway can judge before sending; docs/tpp-error-codes.md lists the rest. */
export const TPP_RULES: readonly TppRule[] = [
  ...PERIOD_RULES,
  ...PERSONAL_RULES,
  ...EMPLOYMENT_RULES,
  ...ENROLMENT_RULES,
  ...CONTRIBUTION_RULES,
];

/** Employees checked together by every employee rule: few enough to stay in the CPU's cache meanwhile. */
const EMPLOYEES_AT_ONCE = 512;

/**
 * TPP's validation, run on a schema-valid submission before it is sent. Returns every violation, not just the
 * first: the document's own first, then each employee's in order, and for one employee in TPP_RULES' order.
 * The employee rules run on a block of employees at a time, each rule over the block: reading 100,000
 * employees once per rule from memory cost more than the rules themselves.
 */
export function checkTppRules(
  submission: CanonicalSubmission,
  details: TppSchemeDetails,
  context: TppPreflightContext,
): Problem[] {
  const input = { submission, details, context };
  const found: { problem: Problem; employeeIndex: number; rank: number }[] = [];
  const add = (rank: number, code: string, finding: Finding) =>
    found.push({
      problem: toProblem(code, finding, submission),
      employeeIndex: finding.employeeIndex ?? -1,
      rank,
    });
  const employeesRules: [rank: number, rule: EmployeesRule][] = [];
  TPP_RULES.forEach((rule, rank) => {
    if ('check' in rule) for (const finding of rule.check(input)) add(rank, rule.code, finding);
    else employeesRules.push([rank, rule]);
  });
  const findings: Finding[] = [];
  const count = submission.employees.length;
  for (let from = 0; from < count; from += EMPLOYEES_AT_ONCE) {
    const to = Math.min(count, from + EMPLOYEES_AT_ONCE);
    for (const [rank, rule] of employeesRules) {
      rule.checkEmployees(input, from, to, findings);
      for (const finding of findings) add(rank, rule.code, finding);
      findings.length = 0;
    }
  }
  // Stable sort: a rule's findings about the document keep their order.
  return found
    .sort((a, b) => a.employeeIndex - b.employeeIndex || a.rank - b.rank)
    .map(({ problem }) => problem);
}

function toProblem(code: string, finding: Finding, submission: CanonicalSubmission): Problem {
  const { employeeIndex, field, message, providedValue, expectedValue } = finding;
  const problem: Problem = { code, message, field, source: 'gateway' };
  if (employeeIndex !== undefined) {
    problem.field = `employees[${employeeIndex}].${field}`;
    problem.employeeIndex = employeeIndex;
    const uniqueId = submission.employees[employeeIndex]?.uniqueId;
    if (uniqueId !== undefined) problem.uniqueId = uniqueId;
  }
  if (providedValue !== undefined) problem.providedValue = providedValue;
  if (expectedValue !== undefined) problem.expectedValue = expectedValue;
  return problem;
}
