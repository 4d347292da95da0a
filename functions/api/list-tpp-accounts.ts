import type { OperationResult } from '#http/api-contract';
import { apiHandler, pathParameter } from '#http/api-handler';
import { listConnectionAccounts } from '#use-cases/tpp-connections';

export const handler = apiHandler<OperationResult<'listTppAccounts'>>(async (event) => {
  const accounts = await listConnectionAccounts(pathParameter(event, 'connectionId'));
  return { status: 200, body: { items: accounts } };
});
