import type { OperationResult } from '#http/api-contract';
import { apiHandler, jsonBody } from '#http/api-handler';
import { systemClock } from '#use-cases/clock';
import { linkScheme } from '#use-cases/link-scheme';

export const handler = apiHandler<OperationResult<'createScheme'>>(async (event) => {
  const scheme = await linkScheme(jsonBody(event), systemClock);
  return {
    status: 201,
    headers: { location: `/v1/schemes/${scheme.schemeId}` },
    body: { schemeId: scheme.schemeId, authorisation: scheme.authorisation, details: scheme.details },
  };
});
