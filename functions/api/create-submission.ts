import { toPounds } from '#domain/money';
import { apiHandler, header, jsonBody, mediaType, pathParameter, textBody } from '#http/api-handler';
import { acceptSubmission } from '#use-cases/accept-submission';
import { systemClock } from '#use-cases/clock';
import { submissionSummary } from '#use-cases/submission-view';

export const handler = apiHandler(async (event) => {
  // JSON, or a PAPDIS file as text/csv; anything else is a 415 naming both.
  const isPapdisFile = mediaType(event) === 'text/csv';
  const outcome = await acceptSubmission(
    {
      schemeId: pathParameter(event, 'schemeId'),
      body: isPapdisFile ? undefined : jsonBody(event, ['text/csv']),
      rawBody: textBody(event),
      receivedAs: isPapdisFile ? 'papdis-csv' : 'json',
      idempotencyKey: header(event, 'idempotency-key'),
      dryRun: event.queryStringParameters?.dryRun === 'true',
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
