import type { Problem } from '#domain/problems';
import { documentKeys, getDocument } from '#store/documents';
import type { Submission } from '#store/submissions';

/** A submission as the API shows it: its record, its provider errors, and where to find it. */
export async function submissionView(submission: Submission) {
  return {
    ...submissionSummary(submission),
    history: submission.history,
    errors: await submissionErrors(submission),
  };
}

/** A failed submission's errors are the provider's; a rejected upload's are the gateway's checks'. */
export async function submissionErrors({ submissionId, status }: Submission): Promise<Problem[]> {
  const errorsKey =
    status === 'failed'
      ? documentKeys.providerErrors(submissionId)
      : status === 'rejected'
        ? documentKeys.rejection(submissionId)
        : undefined;
  return errorsKey ? (JSON.parse((await getDocument(errorsKey)) ?? '[]') as Problem[]) : [];
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
