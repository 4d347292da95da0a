import type { CanonicalSubmission } from '#domain/canonical-submission';
import { niNumberProblems } from '#domain/ni-number';
import type { Problem } from '#domain/problems';
import type { DeliveryFormat, Scheme } from '#store/schemes';
import type { Clock } from './clock.ts';
import { requireMethods } from './pensionsync-destinations.ts';
import { SUBMISSION_METHOD } from './pensionsync-schemes.ts';
import type { PreflightResult } from './tpp-preflight.ts';

/**
 * What the gateway checks before a submission goes through PensionSync. PensionSync validates the data
 * itself (and a dry run asks it to do only that), so the gateway checks what PensionSync cannot: that the
 * scheme link is authorised, the destination takes this kind of document, and a PAPDIS file is for this employer.
 */
export async function pensionSyncPreflight(
  scheme: Scheme,
  submission: CanonicalSubmission,
  format: DeliveryFormat,
  fileEmployerId: string | undefined,
  clock: Clock,
): Promise<PreflightResult> {
  await requireMethods(scheme.provider, [SUBMISSION_METHOD[format], 'Job', 'JobError'], clock);
  const problems: Problem[] = [];
  if (scheme.authorisation.status !== 'authorised') {
    problems.push({
      code: 'scheme-not-authorised',
      message: `The scheme link is ${scheme.authorisation.status}; the customer must authorise it${
        scheme.authorisation.url ? ` at ${scheme.authorisation.url}` : ''
      } before anything can be sent`,
      providedValue: scheme.authorisation.status,
      expectedValue: 'authorised',
      source: 'gateway',
    });
  }
  if (fileEmployerId !== undefined && fileEmployerId !== scheme.employerReference) {
    problems.push({
      code: 'employer-mismatch',
      message: 'The file is for a different employer than this scheme',
      field: 'EmployerId',
      providedValue: fileEmployerId,
      expectedValue: scheme.employerReference,
      source: 'gateway',
    });
  }
  problems.push(...niNumberProblems(submission));
  return { submission, adjustments: [], problems };
}
