import { apiHandler, pathParameter } from '#http/api-handler';
import { NotFoundError } from '#http/problems';
import { getScheme } from '#store/schemes';

export const handler = apiHandler(async (event) => {
  const schemeId = pathParameter(event, 'schemeId');
  const scheme = await getScheme(schemeId);
  if (!scheme) throw new NotFoundError(`No scheme ${schemeId}`);
  return { status: 200, body: { ...scheme, links: { submissions: `/v1/schemes/${schemeId}/submissions` } } };
});
