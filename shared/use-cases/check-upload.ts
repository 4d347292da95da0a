import { jsonPieces } from '#formats/pieces';
import { HttpProblem, parseJsonText } from '#http/problems';
import { putDocumentStream } from '#store/document-streams';
import { documentKeys, getDocument, putDocument } from '#store/documents';
import type { Scheme } from '#store/schemes';
import { recordProgress, type Submission } from '#store/submissions';
import { checkSchemeRules, formatFor, readSubmissionDocument } from './accept-submission.ts';
import type { Clock } from './clock.ts';
import { transitionSubmission } from './submission-lifecycle.ts';

/** How an uploaded document's checks ended: on to delivery, or the submission has ended. */
export type UploadChecks = 'passed' | 'ended';

/**
 * The checks a request body gets at acceptance, run on an uploaded document in the workflow's first step.
 * A document that fails them ends `rejected`, its problems kept exactly as a 400 or 422 would list them,
 * and nothing is sent. One that passes is kept in canonical form for delivery; a TPP dry run then ends
 * `validated`. Parsed once, and checked in place, so the payroll is held once.
 */
export async function checkUploadedDocument(
  submission: Submission,
  scheme: Scheme,
  clock: Clock,
): Promise<UploadChecks> {
  const { submissionId, schemeId } = submission;
  if (submission.checkedAt) return 'passed';
  const receivedAs = submission.receivedAs ?? 'json';
  let checked: Awaited<ReturnType<typeof checkSchemeRules>>;
  try {
    const document = await readUploaded(submissionId, receivedAs);
    checked = await checkSchemeRules(
      scheme,
      document.submission,
      formatFor(scheme, receivedAs),
      document.fileEmployerId,
      clock,
      { ownSubmissionId: submissionId, dryRun: submission.dryRun },
    );
  } catch (error) {
    if (!(error instanceof HttpProblem)) throw error;
    await putDocument(documentKeys.rejection(submissionId), JSON.stringify(error.errors));
    await transitionSubmission(submissionId, schemeId, {
      to: 'rejected',
      at: clock.now(),
      progress: { errorCount: error.errors.length },
      detail: `${error.status} ${error.title}: ${error.message}`,
    });
    return 'ended';
  }
  const canonical = checked.submission;
  await putDocumentStream(documentKeys.canonical(submissionId), jsonPieces(canonical, canonical.employees));
  const now = clock.now();
  const known = {
    payReferencePeriod: canonical.payReferencePeriod,
    employeeCount: canonical.employees.length,
    checkedAt: now.toISOString(),
  };
  // TPP has no validate-only mode: a TPP dry run ends here. PensionSync's dry run goes on to its validation.
  if (submission.dryRun && scheme.route === 'direct') {
    await transitionSubmission(submissionId, schemeId, {
      to: 'validated',
      at: now,
      progress: known,
      detail: 'dry run: every check passed',
    });
    return 'ended';
  }
  await recordProgress(submissionId, now, known);
  return 'passed';
}

/** The uploaded document parsed, its text let go before the canonical model is built from it. */
async function readUploaded(submissionId: string, receivedAs: 'json' | 'papdis-csv') {
  let text = await getDocument(documentKeys.received(submissionId));
  if (text === undefined) throw new Error(`submission ${submissionId} has no uploaded document`);
  if (receivedAs === 'papdis-csv') return readSubmissionDocument(receivedAs, undefined, text);
  const body = parseJsonText(text);
  text = undefined;
  return readSubmissionDocument(receivedAs, body, '', { inPlace: true });
}
