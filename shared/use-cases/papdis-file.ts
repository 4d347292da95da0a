import * as z from 'zod/mini';
import { canonicalSubmission } from '#domain/canonical-submission';
import { renderPapdisCsv } from '#formats/papdis-csv';
import { gatewayProblem, RuleViolationError } from '#http/problems';
import { publishEvent } from '#store/events';
import { recordSchemeHistory } from '#store/scheme-history';
import { checkSchemeRules, readSubmissionDocument } from './accept-submission.ts';
import type { Clock } from './clock.ts';
import { linkedScheme } from './linked-scheme.ts';
import { papdisHeaderFor } from './outgoing-document.ts';

/** `POST /v1/schemes/{schemeId}/papdis` body: the canonical payroll, exactly as for a submission. */
export const papdisFileRequest = canonicalSubmission;

/** The answer (200, `text/csv`): the PAPDIS file for the customer to upload by hand. */
export const papdisFileResponse = z
  .string()
  .check(
    z.describe(
      "text/csv: a PAPDIS 1.1 file (the columns of docs/papdis-and-pass.md), for upload through PensionSync's dashboard. Nothing is stored as a submission and nothing is sent.",
    ),
  );

/**
 * PensionSync's "no frills" option: the period's PAPDIS file, which the customer uploads through the
 * PensionSync dashboard themselves. The same checks as a submission (schema, then the PensionSync
 * pre-flight: authorised link, the destination takes PAPDIS, NINOs, the scheme's frequency, a period
 * already delivered through the gateway); nothing is stored as a submission and nothing is sent. Only for
 * PensionSync schemes: the dashboard is PensionSync's, and TPP direct takes its data through its own API.
 * The generation is kept in the scheme's history and announced as `PAPDIS File Generated`.
 */
export async function papdisFile(
  schemeId: string,
  body: unknown,
  clock: Clock,
): Promise<{ fileName: string; csv: string }> {
  const scheme = await linkedScheme(schemeId);
  if (scheme.route !== 'pensionsync') {
    throw new RuleViolationError([
      gatewayProblem(
        'route-not-available',
        `Scheme ${schemeId} is TPP direct: a PAPDIS file for upload by hand is for PensionSync schemes, whose dashboard takes it`,
        'route',
      ),
    ]);
  }
  const { submission } = readSubmissionDocument('json', body, '');
  const checked = await checkSchemeRules(scheme, submission, 'papdis', undefined, clock);
  const csv = renderPapdisCsv(checked.submission, papdisHeaderFor(scheme));
  const at = clock.now().toISOString();
  const { payReferencePeriod } = checked.submission;
  const employeeCount = checked.submission.employees.length;
  await recordSchemeHistory(schemeId, {
    at,
    action: 'papdis-file-generated',
    payReferencePeriod,
    employeeCount,
  });
  await publishEvent('PAPDIS File Generated', {
    schemeId,
    provider: scheme.provider,
    payReferencePeriod,
    employeeCount,
    at,
  });
  const name = `papdis-${scheme.employerReference}-${payReferencePeriod.start}`.replace(/[^\w.-]+/g, '_');
  return { fileName: `${name}.csv`, csv };
}
