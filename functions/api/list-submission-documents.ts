import type { OperationResult } from '#http/api-contract';
import { apiHandler, pathParameter } from '#http/api-handler';
import { systemClock } from '#use-cases/clock';
import { listSubmissionDocuments } from '#use-cases/submission-documents';

export const handler = apiHandler<OperationResult<'listSubmissionDocuments'>>(async (event) => ({
  status: 200,
  body: await listSubmissionDocuments(pathParameter(event, 'submissionId'), systemClock),
}));
