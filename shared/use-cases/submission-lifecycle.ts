import type { SubmissionStatus } from '#domain/submission-status';
import { countStatusChange } from '#observability/metrics';
import { publishEvent } from '#store/events';
import { getScheme } from '#store/schemes';
import { moveSubmission, type SubmissionProgress } from '#store/submissions';

/** Tells payroll a submission's status changed (EventBridge `Submission Status Changed`, version 1). */
export async function announceStatus(
  submissionId: string,
  schemeId: string,
  status: SubmissionStatus,
  at: Date,
  detail?: string,
): Promise<void> {
  await publishEvent('Submission Status Changed', {
    submissionId,
    schemeId,
    status,
    at: at.toISOString(),
    detail,
  });
}

/** Moves a submission and tells payroll, once per real change. */
export async function transitionSubmission(
  submissionId: string,
  schemeId: string,
  to: SubmissionStatus,
  at: Date,
  progress: SubmissionProgress = {},
  detail?: string,
): Promise<void> {
  if (await moveSubmission(submissionId, to, at, progress, detail)) {
    await announceStatus(submissionId, schemeId, to, at, detail);
    countStatusChange((await getScheme(schemeId))?.route ?? 'unknown', to);
  }
}
