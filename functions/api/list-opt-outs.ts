import type { OperationResult } from '#http/api-contract';
import { apiHandler, pathParameter, queryParameters } from '#http/api-handler';
import { optOutsQuery } from '#http/api-parameters';
import { NotFoundError } from '#http/problems';
import { listCessations, listOptOuts } from '#store/opt-outs';
import { getScheme } from '#store/schemes';
import { publicCessation, publicOptOut } from '#use-cases/opt-outs';

export const handler = apiHandler<OperationResult<'listOptOuts'>>(async (event) => {
  const schemeId = pathParameter(event, 'schemeId');
  const { since } = queryParameters(event, optOutsQuery);
  if (!(await getScheme(schemeId))) throw new NotFoundError(`No scheme ${schemeId}`);
  const optOuts = (await listOptOuts(schemeId))
    .filter((o) => since === undefined || Date.parse(o.lastChangedAt) >= Date.parse(since))
    .sort((a, b) => b.lastChangedAt.localeCompare(a.lastChangedAt));
  const cessations = (await listCessations(schemeId))
    .filter((c) => since === undefined || Date.parse(c.firstSeenAt) >= Date.parse(since))
    .sort((a, b) => b.firstSeenAt.localeCompare(a.firstSeenAt));
  return {
    status: 200,
    body: { items: optOuts.map(publicOptOut), cessations: cessations.map(publicCessation) },
  };
});
