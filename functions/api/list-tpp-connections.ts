import { apiHandler } from '#http/api-handler';
import { listTppConnectionsPage } from '#use-cases/account-lists';

export const handler = apiHandler(async (event) => ({
  status: 200,
  body: await listTppConnectionsPage(event.queryStringParameters),
}));
