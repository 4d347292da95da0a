import { toPounds } from '#domain/money';
import { apiHandler, header, jsonBody, mediaType, pathParameter, textBody } from '#http/api-handler';
import { acceptSubmission } from '#use-cases/accept-submission';
import { systemClock } from '#use-cases/clock';
import { submissionSummary } from '#use-cases/submission-view';
import { acceptUpload, isUploadReference } from '#use-cases/uploads';

export const handler = apiHandler(async (event) => {
  // JSON, or a PAPDIS file as text/csv; anything else is a 415 naming both.
  const isPapdisFile = mediaType(event) === 'text/csv';
  const body = isPapdisFile ? undefined : jsonBody(event, ['text/csv']);
  const request = {
    schemeId: pathParameter(event, 'schemeId'),
    idempotencyKey: header(event, 'idempotency-key'),
    dryRun: event.queryStringParameters?.dryRun === 'true',
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
          replaces: event.queryStringParameters?.replaces,
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
