import { type CanonicalSubmission, canonicalSubmission } from './canonical-submission.ts';
import type { Problem } from './problems.ts';
import { schemaProblems } from './schema-problems.ts';

export type ParseResult = { ok: true; submission: CanonicalSubmission } | { ok: false; problems: Problem[] };

/** Checks a payroll document against the canonical schema and names every problem, not just the first. */
export function parseSubmission(body: unknown): ParseResult {
  const result = canonicalSubmission.safeParse(body);
  return result.success
    ? { ok: true, submission: result.data }
    : { ok: false, problems: schemaProblems(result.error, body) };
}
