import { apiHandler, pathParameter } from '#http/api-handler';
import { gatewayProblem, InvalidRequestError, NotFoundError } from '#http/problems';
import { listCessations, listOptOuts } from '#store/opt-outs';
import { getScheme } from '#store/schemes';
import { publicCessation, publicOptOut } from '#use-cases/opt-outs';

export const handler = apiHandler(async (event) => {
  const schemeId = pathParameter(event, 'schemeId');
  const since = event.queryStringParameters?.since;
  if (since !== undefined && Number.isNaN(Date.parse(since))) {
    throw new InvalidRequestError([
      gatewayProblem('invalid-since', 'since must be an ISO date or instant', 'since'),
    ]);
  }
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
