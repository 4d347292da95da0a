import { ENDED_WHILE_QUEUED, isFinal } from '#domain/submission-status';
import { getScheme } from '#store/schemes';
import { getSubmission } from '#store/submissions';
import type { SchemeFacts } from '#store/workflows';
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

/** The workflow's input: the submission, and its scheme's facts when the starter held the scheme. */
export type SubmissionStart = { submissionId: string } & Partial<SchemeFacts>;

export async function prepareSubmission(start: SubmissionStart, clock: Clock): Promise<PreparedSubmission> {
  const { submissionId } = start;
  const submission = await getSubmission(submissionId);
  if (!submission) throw new Error(`no submission ${submissionId}`);
  // One cancelled or marked sent while queued goes on to its account slot step, which ends the execution quietly.
  if (isFinal(submission.status) && !ENDED_WHILE_QUEUED.includes(submission.status))
    throw new Error(`submission ${submissionId} already ended as ${submission.status}`);
  // The scheme is read when the starter did not say its route (or said it of another scheme), and for an
  // uploaded document, checked here once against it; a body was checked before it was accepted.
  let route = start.schemeId === submission.schemeId ? start.route : undefined;
  let checks: UploadChecks = 'passed';
  if (submission.uploadId || !route) {
    const scheme = await getScheme(submission.schemeId);
    if (!scheme) throw new Error(`submission ${submissionId} names missing scheme ${submission.schemeId}`);
    route = scheme.route;
    if (submission.uploadId) checks = await checkUploadedDocument(submission, scheme, clock);
  }
  return {
    submissionId,
    schemeId: submission.schemeId,
    route,
    ...(submission.format ? { format: submission.format } : {}),
    checks,
  };
}
