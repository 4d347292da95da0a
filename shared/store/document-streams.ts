import { uploadPart, writeInParts } from './document-multipart.ts';
import { found, putDocument, s3Request } from './document-requests.ts';

/**
 * Large documents (uploaded payrolls, their canonical copies, the documents sent) moved as streams, never
 * held whole.
 */

/** S3's least part size (all parts but the last): a large document is held a part at a time. */
export const PART_BYTES = 5 * 1024 * 1024;
/** Parts sent at once while the next is made, as the S3 client's Upload does by default. */
const PARTS_IN_FLIGHT = 4;

/**
 * Writes a document from its pieces as they are made, in parts, so a large document is never held whole.
 * A document smaller than a part goes in one PutObject. Written once, like putDocument: a key already
 * written keeps its first copy (answers false).
 */
export async function putDocumentStream(
  key: string,
  pieces: Iterable<string> | AsyncIterable<string>,
  contentType = 'application/json',
): Promise<boolean> {
  const parts = partsOf(pieces);
  const first = await parts.next();
  // Only the last part is smaller than PART_BYTES: a small first part is the whole document.
  if (first.done || first.value.byteLength < PART_BYTES)
    return putDocument(key, first.value ?? '', contentType);
  return writeInParts(key, contentType, (uploadId) => uploadParts(key, uploadId, first.value, parts));
}

/** The document's bytes in parts of at least PART_BYTES, but the last. */
async function* partsOf(pieces: Iterable<string> | AsyncIterable<string>): AsyncGenerator<Buffer> {
  let held: Buffer[] = [];
  let bytes = 0;
  for await (const piece of pieces) {
    const chunk = Buffer.from(piece);
    held.push(chunk);
    bytes += chunk.byteLength;
    if (bytes >= PART_BYTES) {
      yield Buffer.concat(held, bytes);
      held = [];
      bytes = 0;
    }
  }
  if (bytes > 0) yield Buffer.concat(held, bytes);
}

/** Uploads the parts in order, up to PARTS_IN_FLIGHT at once; answers their ETags. */
async function uploadParts(
  key: string,
  uploadId: string,
  first: Buffer,
  rest: AsyncIterable<Buffer>,
): Promise<string[]> {
  const etags: string[] = [];
  const inFlight: Array<Promise<unknown>> = [];
  let started = 0;
  const start = (body: Buffer) => {
    const index = started++;
    const upload = uploadPart(key, uploadId, index + 1, body).then((etag) => {
      etags[index] = etag;
    });
    // Awaited below; until then, a failure waits there rather than going unhandled.
    upload.catch(() => undefined);
    inFlight.push(upload);
  };
  try {
    start(first);
    for await (const body of rest) {
      if (inFlight.length >= PARTS_IN_FLIGHT) await inFlight.shift();
      start(body);
    }
    await Promise.all(inFlight);
    return etags;
  } catch (error) {
    // The upload is aborted once no part is still being sent to it.
    await Promise.allSettled(inFlight);
    throw error;
  }
}

/** A document as a byte stream and its length, for sending on without holding it; undefined when absent. */
export async function getDocumentStream(
  key: string,
): Promise<{ stream: ReadableStream<Uint8Array>; length: number } | undefined> {
  const answer = found(await s3Request({ method: 'GET', key }, { streamed: true }));
  if (!answer) return undefined;
  return {
    stream: answer.response.body,
    length: Number(answer.response.headers.get('content-length') ?? 0),
  };
}
