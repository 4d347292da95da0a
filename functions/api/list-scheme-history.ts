import type { OperationResult } from '#http/api-contract';
import { apiHandler, pathParameter, queryParameters } from '#http/api-handler';
import { pageOnlyQuery } from '#http/api-parameters';
import { NotFoundError } from '#http/problems';
import { listSchemeHistory } from '#store/scheme-history';
import { getScheme } from '#store/schemes';
import { withCursor } from '#use-cases/paging';

export const handler = apiHandler<OperationResult<'listSchemeHistory'>>(async (event) => {
  const schemeId = pathParameter(event, 'schemeId');
  const { limit, cursor } = queryParameters(event, pageOnlyQuery);
  if (!(await getScheme(schemeId))) throw new NotFoundError(`No scheme ${schemeId}`);
  return { status: 200, body: await withCursor(() => listSchemeHistory(schemeId, limit, cursor)) };
});
