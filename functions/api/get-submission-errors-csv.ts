import { apiHandler, csvFile, pathParameter } from '#http/api-handler';
import { submissionErrorsCsv } from '#use-cases/submission-errors';

export const handler = apiHandler(async (event) => {
  const { fileName, csv } = await submissionErrorsCsv(pathParameter(event, 'submissionId'));
  return csvFile(fileName, csv);
});
