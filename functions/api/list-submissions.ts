import type { OperationResult } from '#http/api-contract';
import { apiHandler, pathParameter, queryParameters } from '#http/api-handler';
import { pageOnlyQuery } from '#http/api-parameters';
import { NotFoundError } from '#http/problems';
import { getScheme } from '#store/schemes';
import { listSubmissions } from '#store/submissions';
import { answerPage, withCursor } from '#use-cases/paging';
import { submissionSummary } from '#use-cases/submission-view';

export const handler = apiHandler<OperationResult<'listSubmissions'>>(async (event) => {
  const schemeId = pathParameter(event, 'schemeId');
  const { limit, cursor } = queryParameters(event, pageOnlyQuery);
  if (!(await getScheme(schemeId))) throw new NotFoundError(`No scheme ${schemeId}`);
  const page = await withCursor(() => listSubmissions(schemeId, limit, cursor));
  return { status: 200, body: answerPage(page, submissionSummary) };
});
