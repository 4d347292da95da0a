import { env } from '#config';
import {
  AwsRequestError,
  awsEndpoint,
  awsSigner,
  queryString,
  sdkWouldRetry,
  sendSigned,
  statusName,
  statusText,
  toSign,
  uriEscaped,
  withRetries,
} from './aws-requests.ts';
import type { HttpAnswer } from './http-exchange.ts';
import { xmlValue } from './s3-xml.ts';

/**
 * Requests to the documents bucket, signed (SigV4, as the S3 client signs them) and sent over Node's HTTP
 * client (aws-requests.ts), and presigned URLs. Without the S3 client: a step or route that reads, writes,
 * lists or links documents would otherwise bundle and load all of `@aws-sdk/client-s3` at every cold start.
 */

const signer = /* @__PURE__ */ awsSigner('s3', {
  // S3 signs the path as sent (encoded once) and asks for the body's hash in x-amz-content-sha256.
  uriEscapePath: false,
  applyChecksum: true,
});

/** Where the S3 client would send it: the standard endpoint variables, else S3's regional endpoint. */
const endpoint = () => awsEndpoint('S3', 's3');

/** A key's path as the S3 client writes it: each segment URI-encoded. */
export const encodedKey = (key: string) => key.split('/').map(uriEscaped).join('/');

/**
 * The bucket's URL, or an object's: path-style, as the gateway's S3 client (forcePathStyle) addresses it,
 * under whatever path the endpoint has.
 */
function urlOf(key?: string): URL {
  const base = endpoint();
  const bucket = `${base.pathname.replace(/\/$/, '')}/${env.documentsBucket()}`;
  return new URL(key === undefined ? bucket : `${bucket}/${encodedKey(key)}`, base);
}

/** An answer S3 gives for a request it refused; `name` is S3's error code (AccessDenied, NoSuchBucket, ...). */
export class S3RequestError extends AwsRequestError {
  constructor(status: number, code: string, message: string) {
    super('S3', status, code, message);
  }
}

/** One request to the documents bucket: the bucket itself (a listing) when no key is given. */
export interface S3Call {
  method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE';
  key?: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

/** What S3 answered: the response, and its text (empty for a streamed success, whose body is left unread). */
export interface S3Answer {
  response: HttpAnswer;
  text: string;
}

/**
 * CompleteMultipartUpload and UploadPartCopy may answer 200 and still fail: S3 decides after sending the
 * status, and says so in an `<Error>` document.
 */
const lateError = (text: string) => /^\s*(?:<\?xml[^>]*\?>\s*)?<Error>/.test(text);

/** S3's error document's code and message, if it sent one. */
const errorOf = (text: string) => ({ code: xmlValue(text, 'Code'), message: xmlValue(text, 'Message') });

/**
 * Sends until S3 answers something the S3 client would not try again (three attempts, as the S3 client
 * makes: throttling, a server error or a lost connection; aws-requests.ts). Every request sent this way is
 * safe to repeat (see document-multipart.ts for the multipart steps). `streamed` leaves a success's body
 * unread for the caller; `okMayFail` reads a 200's `<Error>` document as the failure it is, and tries again.
 */
export async function s3Request(
  call: S3Call,
  { streamed = false, okMayFail = false } = {},
): Promise<S3Answer> {
  const failedLate = ({ response, text }: S3Answer) => response.ok && okMayFail && lateError(text);
  const answer = await withRetries(
    async () => {
      const response = await sendSigned(signer, urlOf(call.key), call);
      return { response, text: streamed && response.ok ? '' : await response.text() };
    },
    (answer) =>
      failedLate(answer) ||
      (!answer.response.ok && sdkWouldRetry({ status: answer.response.status, ...errorOf(answer.text) })),
  );
  if (failedLate(answer)) throw refusal(answer);
  return answer;
}

/**
 * S3's refusal as an error named by its code (or, for an answer without a body such as a HEAD's, by its
 * HTTP status). Never quotes anything but S3's own error document.
 */
export function refusal({ response, text }: S3Answer): S3RequestError {
  const { code, message } = errorOf(text);
  return new S3RequestError(
    response.status,
    code ?? statusName(response.status),
    message ?? statusText(response.status),
  );
}

/** The answer when S3 found the document, undefined when nothing is stored under its key, else throws. */
export function found(answer: S3Answer): S3Answer | undefined {
  if (answer.response.ok) return answer;
  // A HEAD's 404 has no body to name it NoSuchKey.
  if (answer.response.status === 404 && (answer.text === '' || refusal(answer).name === 'NoSuchKey'))
    return undefined;
  throw refusal(answer);
}

/**
 * Writes a document once: a key already written keeps what was first written there (answers false, S3's
 * 412). Any other refusal throws an S3RequestError.
 */
export async function putDocument(
  key: string,
  body: string | Uint8Array,
  contentType = 'application/json',
): Promise<boolean> {
  const answer = await s3Request({
    method: 'PUT',
    key,
    headers: { 'content-type': contentType, 'if-none-match': '*' },
    body,
  });
  if (answer.response.ok) return true;
  // A retry of a write S3 had taken finds the key taken: the first copy stands, as for any retry.
  if (answer.response.status === 412) return false;
  throw refusal(answer);
}

/** A document's text, or undefined when nothing is stored under the key (S3's NoSuchKey). */
export async function getDocument(key: string): Promise<string | undefined> {
  return found(await s3Request({ method: 'GET', key }))?.text;
}

/**
 * A presigned URL for one document, as the S3 client's presigner makes it (`UNSIGNED-PAYLOAD`: the body is
 * not known yet), with `headers` signed too: the request must carry them as given.
 */
export async function presignedUrl(
  method: 'GET' | 'PUT',
  key: string,
  expiresInSeconds: number,
  { query = {}, headers = {} }: { query?: Record<string, string>; headers?: Record<string, string> } = {},
): Promise<string> {
  const url = urlOf(key);
  const request = toSign(url, {
    method,
    query,
    headers: { 'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD', ...headers },
  });
  const presigned = await signer.presign(request, { expiresIn: expiresInSeconds });
  return `${url.href}?${queryString(presigned.query as Record<string, string>)}`;
}
