import { createHash } from 'node:crypto';
import { contributionsTotal } from '#domain/canonical-submission';
import { parseSubmission } from '#domain/parse-submission';
import { parsePapdisCsv } from '#formats/papdis-csv';
import {
  gatewayProblem,
  HttpProblem,
  InvalidRequestError,
  NotFoundError,
  RuleViolationError,
} from '#http/problems';
import { documentKeys, putDocument } from '#store/documents';
import { claimIdempotencyKey, findIdempotencyClaim } from '#store/idempotency';
import { getScheme } from '#store/schemes';
import { getSubmission, putSubmissionOnce, type Submission } from '#store/submissions';
import { startSubmissionWorkflow } from '#store/workflows';
import type { Clock } from './clock.ts';
import { pensionSyncPreflight } from './pensionsync-preflight.ts';
import { announceStatus } from './submission-lifecycle.ts';
import { type Adjustment, tppPreflight } from './tpp-preflight.ts';

export interface SubmissionRequest {
  schemeId: string;
  /** The parsed JSON body; unused for a PAPDIS file, which is read from rawBody. */
  body: unknown;
  /** The bytes as received, kept for the audit trail. */
  rawBody: string;
  receivedAs: 'json' | 'papdis-csv';
  idempotencyKey?: string;
  dryRun: boolean;
}

export type AcceptOutcome =
  | { kind: 'accepted'; submission: Submission; replayed: boolean; adjustments: Adjustment[] }
  | { kind: 'dry-run'; employeeCount: number; totalPence: number; adjustments: Adjustment[] };

class IdempotencyKeyReusedError extends HttpProblem {
  override name = 'IdempotencyKeyReusedError';
  constructor(submissionId: string) {
    super(
      422,
      'Idempotency-Key reused',
      `This Idempotency-Key was used for submission ${submissionId} with a different document; use a new key for new data.`,
      [
        gatewayProblem(
          'idempotency-key-reused',
          'the key belongs to a different document',
          'Idempotency-Key',
        ),
      ],
    );
  }
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * Accepts a payroll submission: checks it, then stores the document and the record and starts the
 * workflow, before anything is answered. Each step is idempotent and keyed by the submission id, so a
 * retry with the same Idempotency-Key finishes an acceptance that was cut short instead of repeating it.
 */
export async function acceptSubmission(request: SubmissionRequest, clock: Clock): Promise<AcceptOutcome> {
  if (request.idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(request.idempotencyKey)) {
    throw new InvalidRequestError([
      gatewayProblem(
        'invalid-idempotency-key',
        'must be 1 to 255 visible ASCII characters',
        'Idempotency-Key',
      ),
    ]);
  }
  const scheme = await getScheme(request.schemeId);
  if (!scheme) throw new NotFoundError(`No scheme ${request.schemeId}`);
  const file = request.receivedAs === 'papdis-csv' ? readPapdisFile(request.rawBody) : undefined;
  const parsed = parseSubmission(file ? file.submission : request.body);
  if (!parsed.ok) throw new InvalidRequestError(parsed.problems);
  // TPP has no validate-only mode, so a TPP dry run is the gateway's checks alone. PensionSync's
  // doNotDeliver runs the provider's own validation: there a dry run is a submission stopped before delivery.
  const validateOnly = request.dryRun && scheme.route === 'direct';
  const format = file ? 'papdis' : (scheme.format ?? 'pass');
  // The key belongs to payroll's document as sent, before any adjustment of the gateway's.
  const payrollJson = JSON.stringify(parsed.submission);
  const requestHash = createHash('sha256').update(payrollJson).digest('base64url');
  const now = clock.now();

  let submissionId: string | undefined;
  if (request.idempotencyKey && !validateOnly) {
    const claimed = await findIdempotencyClaim(scheme.schemeId, request.idempotencyKey, now);
    if (claimed) {
      if (claimed.requestHash !== requestHash) throw new IdempotencyKeyReusedError(claimed.submissionId);
      const stored = await getSubmission(claimed.submissionId);
      if (stored) {
        // An earlier attempt may have stopped before starting the workflow; starting again is harmless.
        await startSubmissionWorkflow(stored.submissionId);
        return { kind: 'accepted', submission: stored, replayed: true, adjustments: [] };
      }
      submissionId = claimed.submissionId;
    }
  }

  const checked =
    scheme.route === 'pensionsync'
      ? await pensionSyncPreflight(scheme, parsed.submission, format, file?.header.employerId, clock)
      : await tppPreflight(scheme, parsed.submission, clock);
  if (checked.problems.length) throw new RuleViolationError(checked.problems);
  const submission = checked.submission;
  if (validateOnly) {
    return {
      kind: 'dry-run',
      employeeCount: submission.employees.length,
      totalPence: contributionsTotal(submission.employees),
      adjustments: checked.adjustments,
    };
  }

  const replayed = submissionId !== undefined;
  if (submissionId === undefined) {
    submissionId = clock.newId();
    if (request.idempotencyKey) {
      const claimed = await claimIdempotencyKey(
        scheme.schemeId,
        request.idempotencyKey,
        { submissionId, requestHash },
        now,
      );
      // A concurrent request with the same key won the claim: this one is its replay.
      if (!claimed) return acceptSubmission(request, clock);
    }
  }
  // Without adjustments the checked document is payroll's, whose JSON is at hand: a large payroll is
  // serialised once.
  const canonical = checked.adjustments.length ? JSON.stringify(submission) : payrollJson;

  await putDocument(
    documentKeys.received(submissionId),
    request.rawBody,
    file ? 'text/csv' : 'application/json',
  );
  await putDocument(documentKeys.canonical(submissionId), canonical);
  const created = await putSubmissionOnce({
    submissionId,
    schemeId: scheme.schemeId,
    status: 'received',
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    payReferencePeriod: submission.payReferencePeriod,
    employeeCount: submission.employees.length,
    idempotencyKey: request.idempotencyKey,
    receivedAs: request.receivedAs,
    ...(scheme.route === 'pensionsync' ? { format, dryRun: request.dryRun } : {}),
    history: [{ at: now.toISOString(), status: 'received' }],
  });
  if (created) await announceStatus(submissionId, scheme.schemeId, 'received', now);
  await startSubmissionWorkflow(submissionId);
  const stored = await getSubmission(submissionId);
  if (!stored) throw new Error(`submission ${submissionId} was stored but cannot be read back`);
  return { kind: 'accepted', submission: stored, replayed, adjustments: checked.adjustments };
}

/** Payroll's own PAPDIS file, read into the canonical wire shape; a 400 naming every row and field at fault. */
function readPapdisFile(text: string) {
  const result = parsePapdisCsv(text);
  if (!result.ok) throw new InvalidRequestError(result.problems);
  return result;
}
