import { isFinal } from '#domain/submission-status';
import { getScheme } from '#store/schemes';
import { getSubmission } from '#store/submissions';

/** The start of the workflow: the ids every later step needs, and what decides the branch. */
export interface PreparedSubmission {
  submissionId: string;
  schemeId: string;
  route: 'direct' | 'pensionsync';
  /** Through PensionSync, the document to send. */
  format?: 'pass' | 'papdis';
}

export async function prepareSubmission({
  submissionId,
}: {
  submissionId: string;
}): Promise<PreparedSubmission> {
  const submission = await getSubmission(submissionId);
  if (!submission) throw new Error(`no submission ${submissionId}`);
  // A cancelled one goes on to its account slot step, which ends the execution quietly.
  if (isFinal(submission.status) && submission.status !== 'cancelled')
    throw new Error(`submission ${submissionId} already ended as ${submission.status}`);
  const scheme = await getScheme(submission.schemeId);
  if (!scheme) throw new Error(`submission ${submissionId} names missing scheme ${submission.schemeId}`);
  return {
    submissionId,
    schemeId: scheme.schemeId,
    route: scheme.route,
    ...(submission.format ? { format: submission.format } : {}),
  };
}
