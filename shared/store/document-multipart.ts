import { env } from '#config';
import { encodedKey, refusal, s3Request } from './document-requests.ts';
import { xmlEscaped, xmlValue } from './s3-xml.ts';

/**
 * A document written as a multipart upload whose completion is conditional (`If-None-Match: *`): a large
 * document written in parts, and a server-side copy (S3's CopyObject takes no `If-None-Match`). Like
 * putDocument, a key already written keeps its first copy.
 *
 * Every step is sent again after a server error or a lost answer, as the S3 client does: the upload id is
 * new each time (a repeated start leaves at most an unused upload, which the bucket's lifecycle aborts), a
 * part is replaced by its repeat, and a repeated completion finds the key written (412: the first copy
 * stands, as for any retry) or the upload gone (an error; the step's retry then finds the key written).
 */

/**
 * Starts an upload to `key`, gives its id to `writeParts`, which answers the ETags of parts 1, 2, ..., and
 * completes it if the key is still free: false when it is taken. An upload not completed is aborted.
 */
export async function writeInParts(
  key: string,
  contentType: string | undefined,
  writeParts: (uploadId: string) => Promise<string[]>,
): Promise<boolean> {
  const created = await s3Request({
    method: 'POST',
    key,
    query: { uploads: '' },
    headers: contentType ? { 'content-type': contentType } : {},
  });
  const uploadId = created.response.ok ? xmlValue(created.text, 'UploadId') : undefined;
  if (!uploadId) throw refusal(created);
  let completed = false;
  try {
    completed = await complete(key, uploadId, await writeParts(uploadId));
    return completed;
  } finally {
    // Best effort: what failed is what matters, and the bucket's lifecycle clears what is left.
    if (!completed) await s3Request({ method: 'DELETE', key, query: { uploadId } }).catch(() => undefined);
  }
}

/** Uploads one part of the document; answers its ETag. */
export async function uploadPart(
  key: string,
  uploadId: string,
  partNumber: number,
  body: Uint8Array,
): Promise<string> {
  const answer = await s3Request({
    method: 'PUT',
    key,
    query: { partNumber: String(partNumber), uploadId },
    body,
  });
  const etag = answer.response.ok ? answer.response.headers.get('etag') : null;
  if (!etag) throw refusal(answer);
  return etag;
}

/** Copies a whole document of the bucket, on S3's side, as one part (up to 5 GiB); answers its ETag. */
export async function uploadPartCopy(
  key: string,
  uploadId: string,
  partNumber: number,
  from: string,
): Promise<string> {
  const answer = await s3Request(
    {
      method: 'PUT',
      key,
      query: { partNumber: String(partNumber), uploadId },
      headers: { 'x-amz-copy-source': `${env.documentsBucket()}/${encodedKey(from)}` },
    },
    { okMayFail: true },
  );
  const etag = answer.response.ok ? xmlValue(answer.text, 'ETag') : undefined;
  if (!etag) throw refusal(answer);
  return etag;
}

/** Completes the upload if the key is still free (S3's 412 when it is taken: false). */
async function complete(key: string, uploadId: string, etags: string[]): Promise<boolean> {
  const parts = etags
    .map(
      (etag, index) => `<Part><PartNumber>${index + 1}</PartNumber><ETag>${xmlEscaped(etag)}</ETag></Part>`,
    )
    .join('');
  const answer = await s3Request(
    {
      method: 'POST',
      key,
      query: { uploadId },
      headers: { 'content-type': 'application/xml', 'if-none-match': '*' },
      body: `<CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${parts}</CompleteMultipartUpload>`,
    },
    { okMayFail: true },
  );
  if (answer.response.ok) return true;
  if (answer.response.status === 412) return false;
  throw refusal(answer);
}
