import type { CanonicalSubmission } from '#domain/canonical-submission';
import { niNumberProblems } from '#domain/ni-number';
import { frequencyNamed, periodFrequencyProblems } from '#domain/period-frequency';
import type { Problem } from '#domain/problems';
import type { SubmissionStatus } from '#domain/submission-status';
import type { DeliveryFormat, Scheme } from '#store/schemes';
import { submissionPeriods } from '#store/submissions';
import type { Clock } from './clock.ts';
import { requireMethods } from './pensionsync-destinations.ts';
import { SUBMISSION_METHOD } from './pensionsync-schemes.ts';
import type { PreflightResult } from './tpp-preflight.ts';

/**
 * What the gateway checks before a submission goes through PensionSync. PensionSync validates the data
 * itself (and a dry run asks it to do only that), so the gateway checks what PensionSync cannot: that the
 * scheme link is authorised, the destination takes this kind of document, a PAPDIS file is for this employer,
 * the NINOs are ones HMRC could have issued, the period is of the scheme's frequency (SASS), and a period
 * already delivered is only sent again as a correction.
 */
export async function pensionSyncPreflight(
  scheme: Scheme,
  submission: CanonicalSubmission,
  format: DeliveryFormat,
  fileEmployerId: string | undefined,
  clock: Clock,
  periodOptions: { dryRun: boolean; replaces?: string } = { dryRun: false },
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
  // The scheme's frequency as its SASS gives it; a scheme without details (or an unknown frequency) is silent.
  const frequency = frequencyNamed(scheme.details?.payrollFrequency as string | undefined);
  if (frequency) problems.push(...periodFrequencyProblems(submission, frequency));
  // A dry run delivers nothing, so it neither needs nor blocks a period.
  if (!periodOptions.dryRun)
    problems.push(...(await periodProblems(scheme.schemeId, submission, periodOptions.replaces)));
  return { submission, adjustments: [], problems };
}

/** Delivered, or on its way: a later document for the same period must say it replaces this one. */
const REPLACEABLE: readonly SubmissionStatus[] = [
  'received',
  'queued',
  'submitted',
  'accepted',
  'processed',
  'error',
  // Delivered by hand: sending the period again through PensionSync would deliver it twice.
  'marked-sent',
];

/**
 * A period already delivered (or on its way) takes a different document only as a correction that names the
 * latest submission for the period (`?replaces=<submissionId>`); a correction must name one for this
 * scheme and period. Identical documents never get here: acceptance returns the first (content key).
 */
async function periodProblems(
  schemeId: string,
  submission: CanonicalSubmission,
  replaces: string | undefined,
): Promise<Problem[]> {
  const { start, end } = submission.payReferencePeriod;
  // Newest first: the latest submission for the period is the one a correction replaces.
  const latest = (await submissionPeriods(schemeId)).find(
    (s) => !s.dryRun && s.payReferencePeriod?.start === start && REPLACEABLE.includes(s.status),
  );
  if (replaces === undefined) {
    if (!latest) return [];
    return [
      {
        code: 'period-already-delivered',
        message: `Submission ${latest.submissionId} (${latest.status}) already covers the period ${start} to ${end}; to correct it, post the whole period again with ?replaces=${latest.submissionId}.`,
        field: 'payReferencePeriod.start',
        providedValue: start,
        expectedValue: `?replaces=${latest.submissionId}`,
        source: 'gateway',
      },
    ];
  }
  if (latest?.submissionId === replaces) return [];
  return [
    {
      code: 'invalid-replaces',
      message: latest
        ? `A correction for ${start} to ${end} must replace the latest submission for the period, ${latest.submissionId}.`
        : `There is no submission delivered or on its way for ${start} to ${end} to replace.`,
      field: 'replaces',
      providedValue: replaces,
      ...(latest ? { expectedValue: latest.submissionId } : {}),
      source: 'gateway',
    },
  ];
}
