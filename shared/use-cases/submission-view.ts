import type { Problem } from '#domain/problems';
import { documentKeys, getDocument } from '#store/documents';
import type { Submission } from '#store/submissions';

/** A submission as the API shows it: its record, its provider errors, and where to find it. */
export async function submissionView(submission: Submission) {
  const errors =
    submission.status === 'failed'
      ? (JSON.parse(
          (await getDocument(documentKeys.providerErrors(submission.submissionId))) ?? '[]',
        ) as Problem[])
      : [];
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
