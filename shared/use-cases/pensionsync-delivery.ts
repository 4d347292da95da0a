import { papdisCsvPieces } from '#formats/papdis-csv';
import { passXmlPieces } from '#formats/pass-xml';
import { getJob, getJobErrors, submitPapdis, submitPass } from '#providers/pensionsync/client';
import {
  type JobProgress,
  readJob,
  readJobErrors,
  readSubmissionReceipt,
} from '#providers/pensionsync/documents';
import { copyDocument, documentKeys } from '#store/documents';
import { type DeliveryFormat, getScheme, type Scheme } from '#store/schemes';
import { getSubmission, type Submission } from '#store/submissions';
import type { Clock } from './clock.ts';
import {
  keepProviderErrors,
  recordPoll,
  recordSubmitted,
  requireSubmitted,
  resumeSubmitted,
  type Submitted,
} from './delivery-steps.ts';
import { outgoingDocument, papdisHeaderFor, rendered } from './outgoing-document.ts';

/**
 * The PensionSync route's workflow steps: send the document, follow its job, and on failure fetch the
 * job's errors. PensionSync gives no poll time, so polls follow the backoff policy of domain/poll-schedule.
 */
export interface PensionSyncDeliveryState {
  submissionId: string;
  schemeId: string;
  jobId?: string;
  submittedAt?: string;
  nextPollAfter?: string;
  pollCount?: number;
  progress?: JobProgress;
  errorCount?: number;
}

type PensionSyncScheme = Scheme & { intermediaryId: string };

const withJob = (
  state: PensionSyncDeliveryState,
  { providerReference, ...polling }: Submitted,
): PensionSyncDeliveryState => ({ ...state, jobId: providerReference, ...polling });

const jobOf = (state: PensionSyncDeliveryState) => requireSubmitted(state, state.jobId, 'PensionSync job id');

/**
 * PensionSync's idempotency key, unique within the intermediary. Derived from the submission alone, so a
 * retry after a timeout sends the same id with the same bytes and PensionSync answers with the same job.
 */
export const documentIdOf = (submissionId: string) => `PG-${submissionId}`;

async function load(
  state: PensionSyncDeliveryState,
): Promise<{ submission: Submission; scheme: PensionSyncScheme }> {
  const [submission, scheme] = await Promise.all([
    getSubmission(state.submissionId),
    getScheme(state.schemeId),
  ]);
  if (!submission) throw new Error(`no submission ${state.submissionId}`);
  if (scheme?.route !== 'pensionsync' || !scheme.intermediaryId)
    throw new Error(`scheme ${state.schemeId} is not a PensionSync scheme`);
  return { submission, scheme: scheme as PensionSyncScheme };
}

/**
 * The bytes to send, written once and kept: payroll's own PAPDIS file as it came (it was parsed and checked,
 * and it is what payroll made), or the document rendered from the canonical one.
 */
function writer(submission: Submission, scheme: PensionSyncScheme, format: DeliveryFormat) {
  const { submissionId } = submission;
  if (submission.receivedAs === 'papdis-csv') {
    return (key: string) => copyDocument(documentKeys.received(submissionId), key);
  }
  return format === 'papdis'
    ? rendered(submissionId, 'text/csv', (canonical) => papdisCsvPieces(canonical, papdisHeaderFor(scheme)))
    : rendered(submissionId, 'application/xml', (canonical) =>
        passXmlPieces(canonical, {
          intermediaryId: scheme.intermediaryId,
          documentId: documentIdOf(submissionId),
          destinationId: scheme.provider,
          employerId: scheme.employerReference,
        }),
      );
}

/** Sends the submission as a PASS document or a PAPDIS file, whichever the workflow's branch chose. */
export async function submitDocument(
  state: PensionSyncDeliveryState,
  format: DeliveryFormat,
  clock: Clock,
): Promise<PensionSyncDeliveryState> {
  const { submission, scheme } = await load(state);
  // A step retried after PensionSync took the document must not send it again.
  const resumed = await resumeSubmitted(state, submission, clock.now());
  if (resumed) return withJob(state, resumed);
  const outgoing = await outgoingDocument(submission.submissionId, writer(submission, scheme, format));
  const document = outgoing.body;
  const documentId = documentIdOf(submission.submissionId);
  const doNotDeliver = submission.dryRun === true;
  const exchange =
    format === 'papdis'
      ? await submitPapdis(scheme.intermediaryId, {
          destinationId: scheme.provider,
          documentId,
          csv: document,
          doNotDeliver,
        })
      : await submitPass(scheme.provider, { documentId, xml: document, doNotDeliver });
  const now = clock.now();
  const { jobId } = readSubmissionReceipt(exchange.body);
  return withJob(state, await recordSubmitted(state, now, { providerReference: jobId }));
}

export async function pollJob(
  state: PensionSyncDeliveryState,
  clock: Clock,
): Promise<PensionSyncDeliveryState> {
  const { reference: jobId, submittedAt } = jobOf(state);
  const exchange = await getJob(jobId);
  const now = clock.now();
  const job = readJob(exchange.body);
  const polled = await recordPoll(state, now, {
    submittedAt,
    progress: job.progress,
    providerStatus: job.status,
    overdue: `PensionSync has not finished job ${jobId} since ${submittedAt}; a person should look`,
  });
  return { ...state, ...polled };
}

export async function fetchJobErrors(state: PensionSyncDeliveryState): Promise<PensionSyncDeliveryState> {
  const { reference: jobId } = jobOf(state);
  const exchange = await getJobErrors(jobId);
  const problems = readJobErrors(exchange.body);
  return { ...state, errorCount: await keepProviderErrors(state.submissionId, problems) };
}
