import { apiHandler, pathParameter } from '#http/api-handler';
import { submissionErrorsCsv } from '#use-cases/submission-errors';

export const handler = apiHandler(async (event) => {
  const { fileName, csv } = await submissionErrorsCsv(pathParameter(event, 'submissionId'));
  return {
    status: 200,
    text: csv,
    headers: {
      'content-type': 'text/csv; charset=utf-8; header=present',
      'content-disposition': `attachment; filename="${fileName}"`,
    },
  };
});
