import { apiHandler, pathParameter } from '#http/api-handler';
import { gatewayProblem, InvalidRequestError, NotFoundError } from '#http/problems';
import { getScheme } from '#store/schemes';
import { listSubmissions } from '#store/submissions';
import { submissionSummary } from '#use-cases/submission-view';

export const handler = apiHandler(async (event) => {
  const schemeId = pathParameter(event, 'schemeId');
  const limit = Number(event.queryStringParameters?.limit ?? 50);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw new InvalidRequestError([
      gatewayProblem('invalid-limit', 'limit must be a whole number from 1 to 100', 'limit'),
    ]);
  }
  if (!(await getScheme(schemeId))) throw new NotFoundError(`No scheme ${schemeId}`);
  const page = await listSubmissions(schemeId, limit, event.queryStringParameters?.cursor);
  return { status: 200, body: { items: page.items.map(submissionSummary), nextCursor: page.nextCursor } };
});
