import type { OperationResult } from '#http/api-contract';
import { apiHandler, pathParameter } from '#http/api-handler';
import { NotFoundError } from '#http/problems';
import { getConnection } from '#store/connections';
import { getScheme } from '#store/schemes';

export const handler = apiHandler<OperationResult<'getScheme'>>(async (event) => {
  const schemeId = pathParameter(event, 'schemeId');
  const scheme = await getScheme(schemeId);
  if (!scheme) throw new NotFoundError(`No scheme ${schemeId}`);
  // A TPP scheme is only as authorised as the connection (the customer's grant) it goes through.
  const connection = scheme.connectionId ? await getConnection(scheme.connectionId) : undefined;
  const authorisation =
    connection && connection.status !== 'active' ? { status: connection.status } : scheme.authorisation;
  return {
    status: 200,
    body: { ...scheme, authorisation, links: { submissions: `/v1/schemes/${schemeId}/submissions` } },
  };
});
