import type { OperationResult } from '#http/api-contract';
import { apiHandler, pathParameter } from '#http/api-handler';
import { systemClock } from '#use-cases/clock';
import { retrySubmission } from '#use-cases/submission-requests';
import { submissionSummary } from '#use-cases/submission-view';

export const handler = apiHandler<OperationResult<'retrySubmission'>>(async (event) => {
  const summary = submissionSummary(await retrySubmission(pathParameter(event, 'submissionId'), systemClock));
  return { status: 202, headers: { location: summary.links.self }, body: summary };
});
