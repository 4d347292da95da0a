import type { CanonicalSubmission } from '#domain/canonical-submission';
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
 * first: the document's own first, then each employee's in order.
 */
export function checkTppRules(
  submission: CanonicalSubmission,
  details: TppSchemeDetails,
  context: TppPreflightContext,
): Problem[] {
  const input = { submission, details, context };
  const problems = TPP_RULES.flatMap((rule) =>
    rule.check(input).map((finding) => toProblem(rule.code, finding, submission)),
  );
  // Stable sort: within one employee the problems keep the rule order.
  return problems.sort((a, b) => (a.employeeIndex ?? -1) - (b.employeeIndex ?? -1));
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
