import type { OperationResult } from '#http/api-contract';
import { apiHandler, csvFile, jsonBody, pathParameter } from '#http/api-handler';
import { systemClock } from '#use-cases/clock';
import { papdisFile } from '#use-cases/papdis-file';

export const handler = apiHandler<OperationResult<'createPapdisFile'>>(async (event) => {
  const { fileName, csv } = await papdisFile(pathParameter(event, 'schemeId'), jsonBody(event), systemClock);
  return csvFile(fileName, csv);
});
