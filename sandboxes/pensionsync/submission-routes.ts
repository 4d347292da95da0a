import { mediaTypeOf } from '../common/http.ts';
import type { MemberDocument, ReadResult } from './documents.ts';
import { destinationOffering, type Exchange, knownIntermediary } from './exchange.ts';
import { sendJson, sendMessage } from './http.ts';
import type { Job } from './jobs.ts';
import { readPapdis } from './papdis.ts';
import { readPass } from './pass.ts';
import { memberErrors, scopeNotAuthorised } from './validation.ts';

/** PAPDIS and PASS submissions, and the jobs they make. */

/** The doNotDeliver header as a boolean (absent is false), or undefined once a 400 has been sent. */
function doNotDeliverOf({ req, res }: Exchange): boolean | undefined {
  const header = req.headers.donotdeliver;
  const value = (Array.isArray(header) ? header.join(',') : (header ?? 'false')).trim().toLowerCase();
  if (value === 'true' || value === 'false') return value === 'true';
  sendMessage(res, 400, `The doNotDeliver header must be true or false, not '${value}'`);
  return undefined;
}

function documentIdOf({ url, res }: Exchange): string | undefined {
  const documentId = url.searchParams.get('documentId')?.trim();
  if (!documentId) sendMessage(res, 400, 'The documentId query parameter is required');
  return documentId || undefined;
}

function hasMediaType(exchange: Exchange, accepted: readonly string[]): boolean {
  const mediaType = mediaTypeOf(exchange.req);
  if (mediaType !== undefined && accepted.includes(mediaType)) return true;
  sendMessage(exchange.res, 415, `Content-Type must be ${accepted.join(' or ')}`);
  return false;
}

interface Receipt {
  intermediaryId: string;
  destinationId: string;
  documentId: string;
  doNotDeliver: boolean;
  document: MemberDocument;
}

/** Validates on receipt (errors show once the job reaches Failed) and answers 202, 200 or 409. */
function receive(exchange: Exchange, receipt: Receipt): void {
  const { res, state, body } = exchange;
  const { intermediaryId, destinationId, documentId, doNotDeliver, document } = receipt;
  const scope = state.scopes.get(intermediaryId, document.employerId, destinationId);
  const errors = [
    ...(scope?.status === 'Authorised' ? [] : [scopeNotAuthorised(document, scope?.status)]),
    ...memberErrors(document),
  ];
  const submitted = state.jobs.submit({
    intermediaryId,
    documentId,
    destinationId,
    employerId: document.employerId,
    doNotDeliver,
    kind: document.kind,
    errors,
    body,
  });
  const { jobId } = submitted.job;
  if (submitted.outcome === 'conflict') {
    sendMessage(
      res,
      409,
      `documentId ${documentId} was already used for a different document (job ${jobId})`,
    );
    return;
  }
  sendJson(res, submitted.outcome === 'created' ? 202 : 200, { jobId, documentId });
}

function malformed<T>(exchange: Exchange, result: ReadResult<T>): T | undefined {
  if (result.ok) return result.value;
  sendMessage(exchange.res, 400, result.message);
  return undefined;
}

export function submitPapdis(exchange: Exchange): void {
  const [intermediaryId = ''] = exchange.params;
  if (!knownIntermediary(exchange, intermediaryId)) return;
  const destinationId = exchange.url.searchParams.get('destinationId')?.trim();
  if (!destinationId) {
    sendMessage(exchange.res, 400, 'The destinationId query parameter is required');
    return;
  }
  if (!destinationOffering(exchange, destinationId, 'Submission')) return;
  const documentId = documentIdOf(exchange);
  if (documentId === undefined) return;
  const doNotDeliver = doNotDeliverOf(exchange);
  if (doNotDeliver === undefined || !hasMediaType(exchange, ['text/csv'])) return;
  const document = malformed(exchange, readPapdis(exchange.body));
  if (document) receive(exchange, { intermediaryId, destinationId, documentId, doNotDeliver, document });
}

export function submitPass(exchange: Exchange): void {
  const [destinationId = ''] = exchange.params;
  if (!destinationOffering(exchange, destinationId, 'MemberMaintenanceAndContributions')) return;
  const documentId = documentIdOf(exchange);
  if (documentId === undefined) return;
  const doNotDeliver = doNotDeliverOf(exchange);
  if (doNotDeliver === undefined || !hasMediaType(exchange, ['application/xml', 'text/xml'])) return;
  const document = malformed(exchange, readPass(exchange.body));
  if (!document || !knownIntermediary(exchange, document.intermediaryId)) return;
  // The query parameter is signed, the document's copies are not: they must agree.
  if (document.documentId !== documentId) {
    sendMessage(
      exchange.res,
      400,
      `The document's DocumentId ${document.documentId} differs from the documentId parameter ${documentId}`,
    );
    return;
  }
  if (document.destinationId !== undefined && document.destinationId !== destinationId) {
    sendMessage(
      exchange.res,
      400,
      `The document's DestinationId ${document.destinationId} differs from the path's ${destinationId}`,
    );
    return;
  }
  const { intermediaryId } = document;
  receive(exchange, { intermediaryId, destinationId, documentId, doNotDeliver, document });
}

function knownJob(exchange: Exchange, method: 'Job' | 'JobError'): Job | undefined {
  const [jobId = ''] = exchange.params;
  const job = exchange.state.jobs.get(jobId);
  if (!job) {
    sendMessage(exchange.res, 404, `Job ${jobId} was not found`);
    return undefined;
  }
  return destinationOffering(exchange, job.destinationId, method) ? job : undefined;
}

export function getJob(exchange: Exchange): void {
  const job = knownJob(exchange, 'Job');
  if (!job) return;
  const { jobs } = exchange.state;
  const status = jobs.status(job);
  sendJson(exchange.res, 200, {
    jobId: job.jobId,
    documentId: job.documentId,
    destinationId: job.destinationId,
    employerId: job.employerId,
    doNotDeliver: job.doNotDeliver,
    status,
    errorCount: status === 'Failed' ? job.errors.length : 0,
    createdAt: job.createdAt.toISOString(),
    updatedAt: jobs.updatedAt(job).toISOString(),
  });
}

export function getJobErrors(exchange: Exchange): void {
  const job = knownJob(exchange, 'JobError');
  if (!job) return;
  const failed = exchange.state.jobs.status(job) === 'Failed';
  sendJson(exchange.res, 200, { jobId: job.jobId, errors: failed ? job.errors : [] });
}
