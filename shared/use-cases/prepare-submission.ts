import { ENDED_WHILE_QUEUED, isFinal } from '#domain/submission-status';
import { getScheme } from '#store/schemes';
import { getSubmission } from '#store/submissions';
import { checkUploadedDocument, type UploadChecks } from './check-upload.ts';
import type { Clock } from './clock.ts';

/** The start of the workflow: the ids every later step needs, and what decides the branch. */
export interface PreparedSubmission {
  submissionId: string;
  schemeId: string;
  route: 'direct' | 'pensionsync';
  /** Through PensionSync, the document to send. */
  format?: 'pass' | 'papdis';
  /** `ended` when an uploaded document failed its checks (rejected) or was a TPP dry run (validated). */
  checks: UploadChecks;
}

export async function prepareSubmission(
  { submissionId }: { submissionId: string },
  clock: Clock,
): Promise<PreparedSubmission> {
  const submission = await getSubmission(submissionId);
  if (!submission) throw new Error(`no submission ${submissionId}`);
  // One cancelled or marked sent while queued goes on to its account slot step, which ends the execution quietly.
  if (isFinal(submission.status) && !ENDED_WHILE_QUEUED.includes(submission.status))
    throw new Error(`submission ${submissionId} already ended as ${submission.status}`);
  const scheme = await getScheme(submission.schemeId);
  if (!scheme) throw new Error(`submission ${submissionId} names missing scheme ${submission.schemeId}`);
  // A body was checked before it was accepted; an uploaded document is checked here, once.
  const checks = submission.uploadId ? await checkUploadedDocument(submission, scheme, clock) : 'passed';
  return {
    submissionId,
    schemeId: scheme.schemeId,
    route: scheme.route,
    ...(submission.format ? { format: submission.format } : {}),
    checks,
  };
}
