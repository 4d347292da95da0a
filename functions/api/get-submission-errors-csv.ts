import type { OperationResult } from '#http/api-contract';
import { apiHandler, csvFile, pathParameter } from '#http/api-handler';
import { submissionErrorsCsv } from '#use-cases/submission-errors';

export const handler = apiHandler<OperationResult<'getSubmissionErrorsCsv'>>(async (event) => {
  const { fileName, csv } = await submissionErrorsCsv(pathParameter(event, 'submissionId'));
  return csvFile(fileName, csv);
});
