import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { env } from '#config';

/**
 * Submission documents and the audit trail of every provider exchange, in S3. The state machine carries
 * only ids; what was received and sent lives here.
 */
// Path-style addressing works on AWS and on any S3-compatible endpoint, whatever its host name.
const s3 = new S3Client({ forcePathStyle: true });

export const documentKeys = {
  received: (submissionId: string) => `submissions/${submissionId}/received`,
  canonical: (submissionId: string) => `submissions/${submissionId}/canonical.json`,
  /** The document as written for the provider, so a retry sends exactly the same bytes. */
  outgoing: (submissionId: string) => `submissions/${submissionId}/outgoing`,
  providerErrors: (submissionId: string) => `submissions/${submissionId}/provider-errors.json`,
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

export interface Exchange {
  operation: string;
  request: { method: string; url: string; body?: string };
  response: { status: number; body: string };
}

/** Keeps exactly what was sent to and received from a provider. */
export async function recordExchange(submissionId: string, at: Date, exchange: Exchange): Promise<void> {
  await putDocument(documentKeys.exchange(submissionId, at, exchange.operation), JSON.stringify(exchange));
}
