import type { OperationResult } from '#http/api-contract';
import { apiHandler, queryParameters } from '#http/api-handler';
import { listSchemesPage, listSchemesQuery } from '#use-cases/scheme-links';

export const handler = apiHandler<OperationResult<'listSchemes'>>(async (event) => ({
  status: 200,
  body: await listSchemesPage(queryParameters(event, listSchemesQuery)),
}));
