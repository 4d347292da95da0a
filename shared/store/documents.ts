import {
  CopyObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { env } from '#config';

/**
 * Submission documents and the audit trail of every provider exchange, in S3. The state machine carries
 * only ids; what was received and sent lives here.
 */
// Path-style addressing works on AWS and on any S3-compatible endpoint, whatever its host name.
export const s3 = /* @__PURE__ */ new S3Client({ forcePathStyle: true });
// Signing a PUT whose body is not known yet: by default the SDK would sign the checksum of an empty body into
// the URL, and S3 would refuse every real upload as a checksum mismatch.
const presigner = /* @__PURE__ */ new S3Client({
  forcePathStyle: true,
  requestChecksumCalculation: 'WHEN_REQUIRED',
});

export const documentKeys = {
  received: (submissionId: string) => `submissions/${submissionId}/received`,
  canonical: (submissionId: string) => `submissions/${submissionId}/canonical.json`,
  /** The document as written for the provider, so a retry sends exactly the same bytes. */
  outgoing: (submissionId: string) => `submissions/${submissionId}/outgoing`,
  providerErrors: (submissionId: string) => `submissions/${submissionId}/provider-errors.json`,
  /** Where payroll PUTs a payroll too large for a request body. */
  upload: (uploadId: string) => `uploads/${uploadId}`,
  /** The problems that stopped an uploaded document at the checks. */
  rejection: (submissionId: string) => `submissions/${submissionId}/rejection.json`,
  exchange: (submissionId: string, at: Date, operation: string) =>
    `submissions/${submissionId}/exchanges/${at.toISOString()}-${operation}.json`,
};

export async function putDocument(
  key: string,
  body: string,
  contentType = 'application/json',
): Promise<void> {
  await s3.send(
    new PutObjectCommand({ Bucket: env.documentsBucket(), Key: key, Body: body, ContentType: contentType }),
  );
}

export async function getDocument(key: string): Promise<string | undefined> {
  try {
    const { Body } = await s3.send(new GetObjectCommand({ Bucket: env.documentsBucket(), Key: key }));
    return Body?.transformToString();
  } catch (error) {
    if (error instanceof NoSuchKey) return undefined;
    throw error;
  }
}

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

/** Copies a document within the bucket, on S3's side: no bytes pass through the function. */
export async function copyDocument(from: string, to: string): Promise<void> {
  const bucket = env.documentsBucket();
  await s3.send(new CopyObjectCommand({ Bucket: bucket, Key: to, CopySource: `${bucket}/${from}` }));
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

export interface Exchange {
  operation: string;
  /** `bodyDocument` names the stored document that was sent, when the body was streamed from it. */
  request: { method: string; url: string; body?: string; bodyDocument?: string };
  response: { status: number; body: string };
}

/** Keeps exactly what was sent to and received from a provider. */
export async function recordExchange(submissionId: string, at: Date, exchange: Exchange): Promise<void> {
  await putDocument(documentKeys.exchange(submissionId, at, exchange.operation), JSON.stringify(exchange));
}
