import type { OperationResult } from '#http/api-contract';
import { apiHandler, queryParameters } from '#http/api-handler';
import { listTppConnectionsPage, listTppConnectionsQuery } from '#use-cases/account-lists';

export const handler = apiHandler<OperationResult<'listTppConnections'>>(async (event) => ({
  status: 200,
  body: await listTppConnectionsPage(queryParameters(event, listTppConnectionsQuery)),
}));
