import type { OperationResult } from '#http/api-contract';
import { apiHandler, pathParameter, queryParameters } from '#http/api-handler';
import { systemClock } from '#use-cases/clock';
import { unlinkSchemeById, unlinkSchemeQuery } from '#use-cases/scheme-links';

export const handler = apiHandler<OperationResult<'unlinkScheme'>>(async (event) => ({
  status: 200,
  body: await unlinkSchemeById(
    pathParameter(event, 'schemeId'),
    queryParameters(event, unlinkSchemeQuery),
    systemClock,
  ),
}));
