import type { OperationResult } from '#http/api-contract';
import { apiHandler, pathParameter } from '#http/api-handler';
import { systemClock } from '#use-cases/clock';
import { cancelSubmission } from '#use-cases/submission-requests';
import { submissionSummary } from '#use-cases/submission-view';

export const handler = apiHandler<OperationResult<'cancelSubmission'>>(async (event) => ({
  status: 200,
  body: submissionSummary(await cancelSubmission(pathParameter(event, 'submissionId'), systemClock)),
}));
