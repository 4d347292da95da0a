import type { OperationResult } from '#http/api-contract';
import { apiHandler, queryParameters } from '#http/api-handler';
import { listIntermediariesPage, listIntermediariesQuery } from '#use-cases/account-lists';

export const handler = apiHandler<OperationResult<'listIntermediaries'>>(async (event) => ({
  status: 200,
  body: await listIntermediariesPage(queryParameters(event, listIntermediariesQuery)),
}));
