import { apiHandler } from '#http/api-handler';
import { listSchemesPage } from '#use-cases/scheme-links';

export const handler = apiHandler(async (event) => ({
  status: 200,
  body: await listSchemesPage(event.queryStringParameters),
}));
