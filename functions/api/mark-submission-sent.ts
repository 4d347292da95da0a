import type { OperationResult } from '#http/api-contract';
import { apiHandler, jsonBody, pathParameter } from '#http/api-handler';
import { systemClock } from '#use-cases/clock';
import { markSubmissionSent } from '#use-cases/submission-requests';
import { submissionSummary } from '#use-cases/submission-view';

export const handler = apiHandler<OperationResult<'markSubmissionSent'>>(async (event) => ({
  status: 200,
  body: submissionSummary(
    await markSubmissionSent(pathParameter(event, 'submissionId'), jsonBody(event), systemClock),
  ),
}));
