import { toPounds } from '#domain/money';
import type { OperationResult } from '#http/api-contract';
import {
  apiHandler,
  headerParameters,
  jsonBody,
  mediaType,
  pathParameter,
  queryParameters,
  textBody,
} from '#http/api-handler';
import { createSubmissionHeaders, createSubmissionQuery } from '#http/api-parameters';
import { acceptSubmission } from '#use-cases/accept-submission';
import { systemClock } from '#use-cases/clock';
import { submissionSummary } from '#use-cases/submission-view';
import { acceptUpload, isUploadReference } from '#use-cases/uploads';

export const handler = apiHandler<OperationResult<'createSubmission'>>(async (event) => {
  // JSON, or a PAPDIS file as text/csv; anything else is a 415 naming both.
  const query = queryParameters(event, createSubmissionQuery);
  const isPapdisFile = mediaType(event) === 'text/csv';
  const body = isPapdisFile ? undefined : jsonBody(event, ['text/csv']);
  const request = {
    schemeId: pathParameter(event, 'schemeId'),
    idempotencyKey: headerParameters(event, createSubmissionHeaders)['idempotency-key'],
    dryRun: query.dryRun === 'true',
  };
  // A payroll too large for a body was PUT to a presigned upload; the body names it.
  const outcome = isUploadReference(body)
    ? await acceptUpload({ ...request, body }, systemClock)
    : await acceptSubmission(
        {
          ...request,
          body,
          rawBody: textBody(event),
          receivedAs: isPapdisFile ? 'papdis-csv' : 'json',
          replaces: query.replaces,
        },
        systemClock,
      );
  if (outcome.kind === 'dry-run') {
    return {
      status: 200,
      body: {
        valid: true,
        employeeCount: outcome.employeeCount,
        total: toPounds(outcome.totalPence),
        adjustments: outcome.adjustments,
      },
    };
  }
  const summary = submissionSummary(outcome.submission);
  return {
    status: 202,
    headers: { location: summary.links.self, ...(outcome.replayed ? { 'idempotent-replayed': 'true' } : {}) },
    body: { ...summary, adjustments: outcome.adjustments },
  };
});
