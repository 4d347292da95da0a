import { apiHandler, pathParameter } from '#http/api-handler';
import { systemClock } from '#use-cases/clock';
import { unlinkSchemeById } from '#use-cases/scheme-links';

export const handler = apiHandler(async (event) => ({
  status: 200,
  body: await unlinkSchemeById(pathParameter(event, 'schemeId'), event.queryStringParameters, systemClock),
}));
