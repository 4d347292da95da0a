import { randomUUID } from 'node:crypto';
import { uploadPartCopy, writeInParts } from './document-multipart.ts';
import {
  found,
  getDocument,
  presignedUrl,
  putDocument,
  refusal,
  S3RequestError,
  s3Request,
} from './document-requests.ts';
import { xmlElements, xmlValue } from './s3-xml.ts';

/**
 * Submission documents and the audit trail of every provider exchange, in S3. The state machine carries
 * only ids; what was received and sent lives here. Every request is signed and sent without the S3 client
 * (document-requests.ts), so no function loads it at a cold start.
 */

/**
 * Everything kept for a submission lies under its prefix, and no key is ever written twice: the bucket
 * refuses a write under `submissions/` that does not carry `If-None-Match: *` (infra/constructs/storage.ts),
 * so what was received, sent and answered stays as it was first written.
 */
export const SUBMISSIONS_PREFIX = 'submissions/';

export const documentKeys = {
  submission: (submissionId: string) => `${SUBMISSIONS_PREFIX}${submissionId}/`,
  received: (submissionId: string) => `${SUBMISSIONS_PREFIX}${submissionId}/received`,
  canonical: (submissionId: string) => `${SUBMISSIONS_PREFIX}${submissionId}/canonical.json`,
  /** The document as written for the provider, so a retry sends exactly the same bytes. */
  outgoing: (submissionId: string) => `${SUBMISSIONS_PREFIX}${submissionId}/outgoing`,
  providerErrors: (submissionId: string) => `${SUBMISSIONS_PREFIX}${submissionId}/provider-errors.json`,
  /** Where payroll PUTs a payroll too large for a request body. */
  upload: (uploadId: string) => `uploads/${uploadId}`,
  /** The problems that stopped an uploaded document at the checks. */
  rejection: (submissionId: string) => `${SUBMISSIONS_PREFIX}${submissionId}/rejection.json`,
  exchanges: (submissionId: string) => `${SUBMISSIONS_PREFIX}${submissionId}/exchanges/`,
  /** One provider exchange; the key itself says when, what and how it was answered, so a listing needs no reads. */
  exchange: (submissionId: string, exchange: ExchangeName) =>
    `${documentKeys.exchanges(submissionId)}${exchange.at.toISOString()}_${exchange.operation}_${exchange.status ?? 'none'}_${randomUUID()}.json`,
};

export interface ExchangeName {
  at: Date;
  /** Kebab-case, as the submission's history names it (e.g. `get-contributions-status`). */
  operation: string;
  /** The provider's HTTP status; absent when no answer came. */
  status?: number;
}

/** Reads back what documentKeys.exchange put in a key; undefined for any other key. */
export function exchangeNameOf(key: string): { at: string; operation: string; status?: number } | undefined {
  const match = /\/exchanges\/([^_/]+)_([a-z0-9-]+)_(\d{3}|none)_[0-9a-f-]+\.json$/.exec(key);
  if (!match) return undefined;
  const [, at = '', operation = '', status = 'none'] = match;
  return { at, operation, ...(status === 'none' ? {} : { status: Number(status) }) };
}

/**
 * Writes a document once: a key already written keeps what was first written there (answers false). The
 * documents written again by a retried step are made from the same inputs, so the first copy stands.
 */
export { getDocument, putDocument };

/** A document's size and content type, read from its headers; undefined when nothing is stored under the key. */
async function headersOf(key: string): Promise<{ bytes: number; contentType?: string } | undefined> {
  const answer = found(await s3Request({ method: 'HEAD', key }));
  if (!answer) return undefined;
  const { headers } = answer.response;
  return {
    bytes: Number(headers.get('content-length') ?? 0),
    contentType: headers.get('content-type') ?? undefined,
  };
}

/** A document's size in bytes, or undefined when nothing is stored under the key. */
export async function documentSize(key: string): Promise<number | undefined> {
  return (await headersOf(key))?.bytes;
}

/** The content type a document was stored with, read from its headers only; undefined when it is not there. */
export async function documentContentType(key: string): Promise<string | undefined> {
  return (await headersOf(key))?.contentType;
}

/**
 * Copies a document within the bucket, on S3's side: no bytes pass through the function. S3's CopyObject
 * takes no `If-None-Match`, so the copy is a one-part multipart upload (UploadPartCopy, up to 5 GiB) whose
 * completion is conditional. Like putDocument, a key already written keeps its first copy.
 */
export async function copyDocument(from: string, to: string): Promise<boolean> {
  const source = await headersOf(from);
  if (!source) throw new S3RequestError(404, 'NoSuchKey', 'The document to copy does not exist.');
  return writeInParts(to, source.contentType, async (uploadId) => [
    await uploadPartCopy(to, uploadId, 1, from),
  ]);
}

/** One stored object, as a listing shows it: nothing of it is read. */
export interface StoredObject {
  key: string;
  bytes: number;
  lastModified: string;
}

/** Every object under a prefix, in key order (as S3 lists them), page by page; nothing is read. */
export async function listDocuments(prefix: string): Promise<StoredObject[]> {
  const objects: StoredObject[] = [];
  let continuationToken: string | undefined;
  do {
    const answer = await s3Request({
      method: 'GET',
      query: {
        'list-type': '2',
        prefix,
        ...(continuationToken === undefined ? {} : { 'continuation-token': continuationToken }),
      },
    });
    if (!answer.response.ok) throw refusal(answer);
    for (const entry of xmlElements(answer.text, 'Contents')) {
      objects.push({
        key: xmlValue(entry, 'Key') ?? '',
        bytes: Number(xmlValue(entry, 'Size') ?? 0),
        lastModified: new Date(xmlValue(entry, 'LastModified') ?? 0).toISOString(),
      });
    }
    continuationToken =
      xmlValue(answer.text, 'IsTruncated') === 'true'
        ? xmlValue(answer.text, 'NextContinuationToken')
        : undefined;
  } while (continuationToken);
  return objects;
}

/** A presigned GET for one document, answered with the content type given, until it expires. */
export function presignedGet(key: string, contentType: string, expiresInSeconds: number): Promise<string> {
  return presignedUrl('GET', key, expiresInSeconds, { query: { 'response-content-type': contentType } });
}

/**
 * A presigned PUT for one key: whoever holds the URL may write that object, with that content type, until
 * it expires. Signed for the endpoint the S3 client would use, on AWS or elsewhere.
 */
export function presignedPut(key: string, contentType: string, expiresInSeconds: number): Promise<string> {
  return presignedUrl('PUT', key, expiresInSeconds, { headers: { 'content-type': contentType } });
}

/** One provider exchange as kept: never its headers, which carry the credentials. */
export interface Exchange {
  provider: string;
  operation: string;
  startedAt: string;
  /** `bodyDocument` names the stored document that was sent, when the body was streamed from it. */
  request: { method: string; url: string; body?: string; bodyDocument?: string; bodyBytes?: number };
  /** What the provider answered, whatever the status; absent when no answer came (`failure` says why). */
  response?: { status: number; body: string };
  failure?: string;
}

/** Keeps exactly what was sent to and received from a provider, under a key of its own. */
export async function recordExchange(submissionId: string, exchange: Exchange): Promise<void> {
  const key = documentKeys.exchange(submissionId, {
    at: new Date(exchange.startedAt),
    operation: exchange.operation,
    status: exchange.response?.status,
  });
  await putDocument(key, JSON.stringify(exchange));
}
