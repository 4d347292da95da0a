import type { Problem } from '#domain/problems';
import { documentKeys, getDocument } from '#store/documents';
import type { Submission } from '#store/submissions';

/** A submission as the API shows it: its record, its provider errors, and where to find it. */
export async function submissionView(submission: Submission) {
  // A failed submission's errors are the provider's; a rejected upload's are the gateway's checks'.
  const { submissionId, status } = submission;
  const errorsKey =
    status === 'failed'
      ? documentKeys.providerErrors(submissionId)
      : status === 'rejected'
        ? documentKeys.rejection(submissionId)
        : undefined;
  const errors = errorsKey ? (JSON.parse((await getDocument(errorsKey)) ?? '[]') as Problem[]) : [];
  return { ...submissionSummary(submission), history: submission.history, errors };
}

export function submissionSummary(submission: Submission) {
  const { history: _history, ...summary } = submission;
  return {
    ...summary,
    links: {
      self: `/v1/submissions/${submission.submissionId}`,
      scheme: `/v1/schemes/${submission.schemeId}`,
    },
  };
}
