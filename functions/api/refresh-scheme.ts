import type { OperationResult } from '#http/api-contract';
import { apiHandler, pathParameter } from '#http/api-handler';
import { systemClock } from '#use-cases/clock';
import { refreshSchemeDetails } from '#use-cases/scheme-details';

export const handler = apiHandler<OperationResult<'refreshScheme'>>(async (event) => {
  const scheme = await refreshSchemeDetails(pathParameter(event, 'schemeId'), systemClock);
  return {
    status: 200,
    body: {
      schemeId: scheme.schemeId,
      authorisation: scheme.authorisation,
      details: scheme.details,
      detailsReadAt: scheme.detailsReadAt,
    },
  };
});
