import type { CanonicalEmployee, CanonicalSubmission } from '#domain/canonical-submission';
import type { Problem } from '#domain/problems';
import { CONTRIBUTION_RULES } from './contribution-rules.ts';
import { EMPLOYMENT_RULES } from './employment-rules.ts';
import { ENROLMENT_RULES } from './enrolment-rules.ts';
import { PERIOD_RULES } from './period-rules.ts';
import { PERSONAL_RULES } from './personal-rules.ts';
import type { Finding, TppPreflightContext, TppRule, TppSchemeDetails } from './rule.ts';

export type { TppPreflightContext, TppRule, TppSchemeDetails, TppWorkerGroup } from './rule.ts';

/** Every rule TPP applies that the gateway can judge before sending; docs/tpp-error-codes.md lists the rest. */
export const TPP_RULES: readonly TppRule[] = [
  ...PERIOD_RULES,
  ...PERSONAL_RULES,
  ...EMPLOYMENT_RULES,
  ...ENROLMENT_RULES,
  ...CONTRIBUTION_RULES,
];

/**
 * TPP's validation, run on a schema-valid submission before it is sent. Returns every violation, not just the
 * first: the document's own first, then each employee's in order, within one employee in rule order.
 */
export function checkTppRules(
  submission: CanonicalSubmission,
  details: TppSchemeDetails,
  context: TppPreflightContext,
): Problem[] {
  const input = { submission, details, context };
  const { employees } = submission;
  // Rules that see the whole submission run first; their findings for an employee wait for that
  // employee's turn, beside the rule's place in TPP_RULES.
  const problems: Problem[] = [];
  const waiting = new Map<number, { ruleIndex: number; problem: Problem }[]>();
  TPP_RULES.forEach((rule, ruleIndex) => {
    if (rule.checkEmployee) return;
    for (const finding of rule.check(input)) {
      const problem = toProblem(rule.code, finding, submission);
      if (finding.employeeIndex === undefined) problems.push(problem);
      else {
        const queue = waiting.get(finding.employeeIndex);
        if (queue) queue.push({ ruleIndex, problem });
        else waiting.set(finding.employeeIndex, [{ ruleIndex, problem }]);
      }
    }
  });
  // Then every employee rule on one employee before the next: one pass over the employees.
  for (let employeeIndex = 0; employeeIndex < employees.length; employeeIndex++) {
    const employee = employees[employeeIndex] as CanonicalEmployee;
    const found = waiting.get(employeeIndex);
    waiting.delete(employeeIndex);
    let next = 0;
    for (let ruleIndex = 0; ruleIndex < TPP_RULES.length; ruleIndex++) {
      const rule = TPP_RULES[ruleIndex] as TppRule;
      if (!rule.checkEmployee) {
        while (found && found[next]?.ruleIndex === ruleIndex)
          problems.push((found[next++] as { problem: Problem }).problem);
        continue;
      }
      const finding = rule.checkEmployee(employee, input);
      if (finding) problems.push(toProblem(rule.code, { ...finding, employeeIndex }, submission));
    }
  }
  // Findings for an index past the last employee, as the sort by index used to place them.
  for (const index of [...waiting.keys()].sort((a, b) => a - b))
    for (const { problem } of waiting.get(index) ?? []) problems.push(problem);
  return problems;
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
