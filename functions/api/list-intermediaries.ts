import { apiHandler } from '#http/api-handler';
import { listIntermediariesPage } from '#use-cases/account-lists';

export const handler = apiHandler(async (event) => ({
  status: 200,
  body: await listIntermediariesPage(event.queryStringParameters),
}));
