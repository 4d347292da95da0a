import { Readable } from 'node:stream';
import { GetObjectCommand, NoSuchKey } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { env } from '#config';
import { keyAlreadyWritten, s3 } from './documents.ts';

/**
 * Large documents (uploaded payrolls, their canonical copies, the documents sent) moved as streams, never
 * held whole. Apart from documents.ts, so only the steps that handle documents load lib-storage.
 */

/**
 * Writes a document from its pieces as they are made, in parts, so a large document is never held whole.
 * Small documents go in one PutObject. Written once, like putDocument: a key already written keeps its
 * first copy (answers false).
 */
export async function putDocumentStream(
  key: string,
  pieces: Iterable<string> | AsyncIterable<string>,
  contentType = 'application/json',
): Promise<boolean> {
  const upload = new Upload({
    client: s3,
    params: {
      Bucket: env.documentsBucket(),
      Key: key,
      Body: Readable.from(pieces, { objectMode: false }),
      ContentType: contentType,
      // Sent with the PutObject or, for a large document, the CompleteMultipartUpload.
      IfNoneMatch: '*',
    },
  });
  try {
    await upload.done();
    return true;
  } catch (error) {
    if (keyAlreadyWritten(error)) return false;
    throw error;
  }
}

/** A document as a byte stream and its length, for sending on without holding it; undefined when absent. */
export async function getDocumentStream(
  key: string,
): Promise<{ stream: ReadableStream<Uint8Array>; length: number } | undefined> {
  try {
    const { Body, ContentLength } = await s3.send(
      new GetObjectCommand({ Bucket: env.documentsBucket(), Key: key }),
    );
    if (!Body) return undefined;
    return { stream: Body.transformToWebStream() as ReadableStream<Uint8Array>, length: ContentLength ?? 0 };
  } catch (error) {
    if (error instanceof NoSuchKey) return undefined;
    throw error;
  }
}
