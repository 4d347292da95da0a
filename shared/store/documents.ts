import { randomUUID } from 'node:crypto';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { env } from '#config';
import { traceable } from '#observability/aws-clients';
import { getDocument, putDocument } from './document-requests.ts';

/**
 * Submission documents and the audit trail of every provider exchange, in S3. The state machine carries
 * only ids; what was received and sent lives here.
 */
// Path-style addressing works on AWS and on any S3-compatible endpoint, whatever its host name.
export const s3 = /* @__PURE__ */ traceable(/* @__PURE__ */ new S3Client({ forcePathStyle: true }));
// Signing a PUT whose body is not known yet: by default the SDK would sign the checksum of an empty body into
// the URL, and S3 would refuse every real upload as a checksum mismatch.
const presigner = /* @__PURE__ */ new S3Client({
  forcePathStyle: true,
  requestChecksumCalculation: 'WHEN_REQUIRED',
});

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

/** S3 refused a conditional write because the key is taken: an earlier attempt already wrote it. */
export const keyAlreadyWritten = (error: unknown) =>
  error instanceof S3ServiceException && error.$metadata.httpStatusCode === 412;

/**
 * Writes a document once: a key already written keeps what was first written there (answers false). The
 * documents written again by a retried step are made from the same inputs, so the first copy stands.
 * Written and read without the S3 client (document-requests.ts), so a step that only writes or reads small
 * documents does not load it.
 */
export { getDocument, putDocument };

/** A document's size in bytes, or undefined when nothing is stored under the key. */
export async function documentSize(key: string): Promise<number | undefined> {
  try {
    const { ContentLength } = await s3.send(
      new HeadObjectCommand({ Bucket: env.documentsBucket(), Key: key }),
    );
    return ContentLength ?? 0;
  } catch (error) {
    if (error instanceof NotFound || error instanceof NoSuchKey) return undefined;
    throw error;
  }
}

/**
 * Copies a document within the bucket, on S3's side: no bytes pass through the function. S3's CopyObject
 * takes no `If-None-Match`, so the copy is a one-part multipart upload (UploadPartCopy, up to 5 GiB) whose
 * completion is conditional. Like putDocument, a key already written keeps its first copy.
 */
export async function copyDocument(from: string, to: string): Promise<boolean> {
  const Bucket = env.documentsBucket();
  const { ContentType } = await s3.send(new HeadObjectCommand({ Bucket, Key: from }));
  const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: to, ContentType }));
  try {
    const { CopyPartResult } = await s3.send(
      new UploadPartCopyCommand({
        Bucket,
        Key: to,
        UploadId,
        PartNumber: 1,
        CopySource: `${Bucket}/${from}`,
      }),
    );
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket,
        Key: to,
        UploadId,
        IfNoneMatch: '*',
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: CopyPartResult?.ETag }] },
      }),
    );
    return true;
  } catch (error) {
    // Best effort: the copy's own failure is what matters, and the bucket's lifecycle clears what is left.
    await s3.send(new AbortMultipartUploadCommand({ Bucket, Key: to, UploadId })).catch(() => undefined);
    if (keyAlreadyWritten(error)) return false;
    throw error;
  }
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
  let ContinuationToken: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: env.documentsBucket(), Prefix: prefix, ContinuationToken }),
    );
    for (const { Key, Size, LastModified } of page.Contents ?? []) {
      if (Key)
        objects.push({
          key: Key,
          bytes: Size ?? 0,
          lastModified: (LastModified ?? new Date(0)).toISOString(),
        });
    }
    ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (ContinuationToken);
  return objects;
}

/** The content type a document was stored with, read from its headers only. */
export async function documentContentType(key: string): Promise<string | undefined> {
  const { ContentType } = await s3.send(new HeadObjectCommand({ Bucket: env.documentsBucket(), Key: key }));
  return ContentType;
}

/** A presigned GET for one document, answered with the content type given, until it expires. */
export function presignedGet(key: string, contentType: string, expiresInSeconds: number): Promise<string> {
  return getSignedUrl(
    presigner,
    new GetObjectCommand({ Bucket: env.documentsBucket(), Key: key, ResponseContentType: contentType }),
    { expiresIn: expiresInSeconds },
  );
}

/**
 * A presigned PUT for one key: whoever holds the URL may write that object, with that content type, until
 * it expires. Signed for the endpoint the S3 client uses, on AWS or elsewhere.
 */
export function presignedPut(key: string, contentType: string, expiresInSeconds: number): Promise<string> {
  return getSignedUrl(
    presigner,
    new PutObjectCommand({ Bucket: env.documentsBucket(), Key: key, ContentType: contentType }),
    { expiresIn: expiresInSeconds },
  );
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
