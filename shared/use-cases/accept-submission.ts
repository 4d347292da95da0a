import { createHash } from 'node:crypto';
import { type CanonicalSubmission, contributionsTotal } from '#domain/canonical-submission';
import type { Route } from '#domain/event-values';
import { parseSubmission } from '#domain/parse-submission';
import { parsePapdisCsv } from '#formats/papdis-csv';
import { gatewayProblem, HttpProblem, InvalidRequestError, RuleViolationError } from '#http/problems';
import { addLogIds, logger } from '#observability/logger';
import { countStatusChange } from '#observability/metrics';
import { documentKeys, putDocument } from '#store/documents';
import { claimIdempotencyKey, findIdempotencyClaim } from '#store/idempotency';
import type { DeliveryFormat, Scheme } from '#store/schemes';
import { getSubmission, putSubmissionOnce, type Submission } from '#store/submissions';
import { startSubmissionWorkflow } from '#store/workflows';
import type { Clock } from './clock.ts';
import { linkedScheme } from './linked-scheme.ts';
import { pensionSyncPreflight } from './pensionsync-preflight.ts';
import { publishSubmissionEvents, statusEvent } from './submission-lifecycle.ts';
import { type Adjustment, type PreflightResult, tppPreflight } from './tpp-preflight.ts';

export interface SubmissionRequest {
  schemeId: string;
  /** The parsed JSON body; unused for a PAPDIS file, which is read from rawBody. */
  body: unknown;
  /** The bytes as received, kept for the audit trail. */
  rawBody: string;
  receivedAs: 'json' | 'papdis-csv';
  idempotencyKey?: string;
  dryRun: boolean;
  /** PensionSync: this document corrects a period already delivered, replacing that submission. */
  replaces?: string;
}

export type AcceptOutcome =
  | { kind: 'accepted'; submission: Submission; replayed: boolean; adjustments: Adjustment[] }
  | { kind: 'dry-run'; employeeCount: number; totalPence: number; adjustments: Adjustment[] };

export class IdempotencyKeyReusedError extends HttpProblem {
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
  requireValidIdempotencyKey(request.idempotencyKey);
  const scheme = await linkedScheme(request.schemeId);
  const document = readSubmissionDocument(request.receivedAs, request.body, request.rawBody);
  // TPP has no validate-only mode, so a TPP dry run is the gateway's checks alone. PensionSync's
  // doNotDeliver runs the provider's own validation: there a dry run is a submission stopped before delivery.
  const validateOnly = request.dryRun && scheme.route === 'direct';
  const format = formatFor(scheme, request.receivedAs);
  // The key belongs to payroll's document as sent, before any adjustment of the gateway's.
  const payrollJson = JSON.stringify(document.submission);
  const requestHash = createHash('sha256').update(payrollJson).digest('base64url');
  const now = clock.now();

  if (request.replaces !== undefined && scheme.route !== 'pensionsync') {
    throw new InvalidRequestError([
      gatewayProblem(
        'replaces-not-supported',
        'TPP publishes no way to correct a period already sent; only PensionSync schemes take ?replaces',
        'replaces',
      ),
    ]);
  }
  // Through PensionSync, the same document for the same period is one submission even without a key: its
  // content (with the period, and whether it is a dry run or a correction) is the key, claimed in one
  // conditional write. TPP direct needs none: a period already on its way is refused there (H/D03).
  const claimKey =
    request.idempotencyKey ??
    (scheme.route === 'pensionsync'
      ? contentKey(document.submission.payReferencePeriod.start, requestHash, request)
      : undefined);

  // The key is not read first: a new request (the usual one) claims it once its checks pass, in one
  // conditional write. A replay finds the claim there, or when its checks fail (its own period is on its way
  // by now): either way it is answered what the first request stored.
  const claimsKey = claimKey !== undefined && !validateOnly;
  let checked: PreflightResult;
  try {
    checked = await checkSchemeRules(scheme, document.submission, format, document.fileEmployerId, clock, {
      dryRun: request.dryRun,
      replaces: request.replaces,
    });
  } catch (error) {
    if (claimsKey) {
      const earlier = await earlierClaim(scheme.schemeId, claimKey, requestHash, now);
      if (earlier.replay) return earlier.replay;
    }
    throw error;
  }
  const submission = checked.submission;
  if (validateOnly) {
    return {
      kind: 'dry-run',
      employeeCount: submission.employees.length,
      totalPence: contributionsTotal(submission.employees),
      adjustments: checked.adjustments,
    };
  }

  let submissionId = clock.newId();
  let replayed = false;
  if (
    claimsKey &&
    !(await claimIdempotencyKey(scheme.schemeId, claimKey, { submissionId, requestHash }, now))
  ) {
    // Claimed before (an earlier request, or a concurrent one): this is its replay, or finishes what an
    // attempt that claimed the key never stored, under the id it claimed.
    const earlier = await earlierClaim(scheme.schemeId, claimKey, requestHash, now);
    if (earlier.replay) return earlier.replay;
    // The claim lapsed in between: start again.
    if (!earlier.submissionId) return acceptSubmission(request, clock);
    submissionId = earlier.submissionId;
    replayed = true;
  }
  // Without adjustments the checked document is payroll's, whose JSON is at hand: a large payroll is
  // serialised once.
  const canonical = checked.adjustments.length ? JSON.stringify(submission) : payrollJson;

  await putDocument(
    documentKeys.received(submissionId),
    request.rawBody,
    request.receivedAs === 'papdis-csv' ? 'text/csv' : 'application/json',
  );
  await putDocument(documentKeys.canonical(submissionId), canonical);
  const stored = await storeReceivedAndStart(
    {
      submissionId,
      schemeId: scheme.schemeId,
      payReferencePeriod: submission.payReferencePeriod,
      employeeCount: submission.employees.length,
      idempotencyKey: request.idempotencyKey,
      receivedAs: request.receivedAs,
      ...(scheme.route === 'pensionsync' ? { format, dryRun: request.dryRun } : {}),
      ...(request.replaces ? { replaces: request.replaces } : {}),
    },
    now,
    clock,
    scheme.route,
  );
  return { kind: 'accepted', submission: stored, replayed, adjustments: checked.adjustments };
}

/**
 * What an idempotency key already stands for: the stored submission, replayed, or the id claimed for one an
 * earlier attempt never stored (to be stored now under it). A key reused for another request is a 422.
 */
export async function earlierClaim(
  schemeId: string,
  key: string,
  requestHash: string,
  now: Date,
): Promise<{ replay?: AcceptOutcome & { kind: 'accepted' }; submissionId?: string }> {
  const claimed = await findIdempotencyClaim(schemeId, key, now);
  if (!claimed) return {};
  if (claimed.requestHash !== requestHash) throw new IdempotencyKeyReusedError(claimed.submissionId);
  const stored = await getSubmission(claimed.submissionId);
  if (!stored) return { submissionId: claimed.submissionId };
  // An earlier attempt may have stopped before starting the workflow; starting again is harmless.
  await startSubmissionWorkflow(stored.submissionId);
  return { replay: { kind: 'accepted', submission: stored, replayed: true, adjustments: [] } };
}

/**
 * Stores a new submission as `received` with its event in the same write, publishes the event and starts
 * the workflow. A replay of the same request finds it stored and does the rest again, which is harmless.
 */
export async function storeReceivedAndStart(
  fields: Omit<Submission, 'status' | 'createdAt' | 'updatedAt' | 'history'>,
  now: Date,
  clock: Clock,
  route: Route,
): Promise<Submission> {
  const { submissionId, schemeId } = fields;
  addLogIds({ submissionId, schemeId });
  const at = now.toISOString();
  const received: Submission = {
    ...fields,
    status: 'received',
    createdAt: at,
    updatedAt: at,
    history: [{ at, status: 'received' }],
  };
  const announce = statusEvent(submissionId, schemeId, 'received', now, clock.newId());
  const created = await putSubmissionOnce(received, announce);
  // Counted and logged once: a replay finds it stored.
  if (created) {
    countStatusChange(route, 'received');
    logger.info('submission received', { submissionId, schemeId, route });
  }
  // A replay publishes too: what a request that died after storing left in the outbox, read from the item.
  await publishSubmissionEvents(
    submissionId,
    created ? { outbox: [announce], outboxPublished: 0 } : undefined,
  );
  await startSubmissionWorkflow(submissionId, { schemeId, route });
  // What this request stored is the answer; a replay answers what the first stored, read back.
  if (created) return received;
  const stored = await getSubmission(submissionId);
  if (!stored) throw new Error(`submission ${submissionId} was stored but cannot be read back`);
  return stored;
}

/** The implicit key of a document posted without Idempotency-Key: never a valid header value (it has spaces). */
function contentKey(periodStart: string, requestHash: string, request: SubmissionRequest): string {
  const kind = request.dryRun ? 'dry run' : request.replaces ? `replaces ${request.replaces}` : 'delivery';
  return `content of ${periodStart} ${kind} ${requestHash}`;
}

export function requireValidIdempotencyKey(idempotencyKey: string | undefined): void {
  if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
    throw new InvalidRequestError([
      gatewayProblem(
        'invalid-idempotency-key',
        'must be 1 to 255 visible ASCII characters',
        'Idempotency-Key',
      ),
    ]);
  }
}

/** The document the scheme is sent: payroll's own PAPDIS file as it came, or the scheme's format. */
export function formatFor(scheme: Scheme, receivedAs: SubmissionRequest['receivedAs']): DeliveryFormat {
  return receivedAs === 'papdis-csv' ? 'papdis' : (scheme.format ?? 'pass');
}

/**
 * The document read into the canonical model: a 400 naming every row and field at fault. With `inPlace`
 * the parsed JSON body is consumed as it is checked, so a large payroll is held once.
 */
export function readSubmissionDocument(
  receivedAs: SubmissionRequest['receivedAs'],
  body: unknown,
  rawBody: string,
  options: { inPlace?: boolean } = {},
): { submission: CanonicalSubmission; fileEmployerId?: string } {
  const file = receivedAs === 'papdis-csv' ? readPapdisFile(rawBody) : undefined;
  // A PAPDIS file's canonical shape is made here, so it is always the gateway's own to consume.
  const parsed = parseSubmission(file ? file.submission : body, { inPlace: options.inPlace || !!file });
  if (!parsed.ok) throw new InvalidRequestError(parsed.problems);
  return { submission: parsed.submission, fileEmployerId: file?.header.employerId };
}

/**
 * The scheme's known rules, checked before anything is sent: a 422 listing every violation. A
 * submission already stored (an uploaded one) names itself, so its own period is not taken for another's.
 */
export async function checkSchemeRules(
  scheme: Scheme,
  submission: CanonicalSubmission,
  format: DeliveryFormat,
  fileEmployerId: string | undefined,
  clock: Clock,
  options: { dryRun?: boolean; replaces?: string; ownSubmissionId?: string } = {},
): Promise<PreflightResult> {
  const checked =
    scheme.route === 'pensionsync'
      ? await pensionSyncPreflight(scheme, submission, format, fileEmployerId, clock, {
          dryRun: options.dryRun ?? false,
          replaces: options.replaces,
        })
      : await tppPreflight(scheme, submission, clock, options.ownSubmissionId);
  if (checked.problems.length) throw new RuleViolationError(checked.problems);
  return checked;
}

/** Payroll's own PAPDIS file, read into the canonical wire shape; a 400 naming every row and field at fault. */
function readPapdisFile(text: string) {
  const result = parsePapdisCsv(text);
  if (!result.ok) throw new InvalidRequestError(result.problems);
  return result;
}
