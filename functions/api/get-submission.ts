import type { OperationResult } from '#http/api-contract';
import { apiHandler, pathParameter } from '#http/api-handler';
import { NotFoundError } from '#http/problems';
import { getSubmission } from '#store/submissions';
import { submissionView } from '#use-cases/submission-view';

export const handler = apiHandler<OperationResult<'getSubmission'>>(async (event) => {
  const submissionId = pathParameter(event, 'submissionId');
  const submission = await getSubmission(submissionId);
  if (!submission) throw new NotFoundError(`No submission ${submissionId}`);
  return { status: 200, body: await submissionView(submission) };
});
