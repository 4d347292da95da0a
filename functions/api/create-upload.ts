import type { OperationResult } from '#http/api-contract';
import { apiHandler, jsonBody, pathParameter } from '#http/api-handler';
import { systemClock } from '#use-cases/clock';
import { createUpload } from '#use-cases/uploads';

export const handler = apiHandler<OperationResult<'createUpload'>>(async (event) => ({
  status: 201,
  body: await createUpload(pathParameter(event, 'schemeId'), jsonBody(event), systemClock),
}));
