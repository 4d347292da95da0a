import { apiHandler, jsonBody, pathParameter } from '#http/api-handler';
import { systemClock } from '#use-cases/clock';
import { papdisFile } from '#use-cases/papdis-file';

export const handler = apiHandler(async (event) => {
  const { fileName, csv } = await papdisFile(pathParameter(event, 'schemeId'), jsonBody(event), systemClock);
  return {
    status: 200,
    text: csv,
    headers: {
      'content-type': 'text/csv; charset=utf-8; header=present',
      'content-disposition': `attachment; filename="${fileName}"`,
    },
  };
});
