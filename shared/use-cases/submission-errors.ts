import * as z from 'zod/mini';
import { renderErrorsCsv } from '#formats/errors-csv';
import { NotFoundError } from '#http/problems';
import { getSubmission } from '#store/submissions';
import { submissionErrors } from './submission-view.ts';

/** `GET /v1/submissions/{submissionId}/errors.csv`: no query, no body; the path names the submission. */
export const submissionErrorsCsvPath = z.strictObject({ submissionId: z.string().check(z.minLength(1)) });

/** The answer, `text/csv`: a header row, then one row per error (see ERRORS_CSV_COLUMNS). */
export const submissionErrorsCsvResponse = z
  .string()
  .check(
    z.describe(
      'text/csv (RFC 4180, CRLF): Employee reference, Employee row (from 1), Field, Code, Message, Provided value, Expected value, Category, Source; a header row alone when the submission has no errors. Cells a spreadsheet would run as formulas start with an apostrophe.',
    ),
  );

/**
 * The errors `GET /v1/submissions/{id}` lists (the provider's for a failed submission, the gateway's checks
 * for a rejected upload) as a CSV file for payroll's customer. A read: nothing recorded, nothing announced.
 */
export async function submissionErrorsCsv(submissionId: string): Promise<{ fileName: string; csv: string }> {
  const submission = await getSubmission(submissionId);
  if (!submission) throw new NotFoundError(`No submission ${submissionId}`);
  return {
    fileName: `submission-${submissionId}-errors.csv`,
    csv: renderErrorsCsv(await submissionErrors(submission)),
  };
}
