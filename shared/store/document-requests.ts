import { createHash, createHmac } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { env } from '#config';
import { exchangeHttp, type HttpAnswer } from './http-exchange.ts';
import { xmlValue } from './s3-xml.ts';

/**
 * Requests to the documents bucket, signed (SigV4, as the S3 client signs them) and sent over Node's HTTP
 * client (http-exchange.ts), and presigned URLs. Without the S3 client: a step or route that reads, writes, lists or links documents would
 * otherwise bundle and load all of `@aws-sdk/client-s3` at every cold start. The signer and the credential
 * chain are those the DynamoDB client already bundles.
 */

/** The SHA-256 and HMAC the signer asks for, from node:crypto. */
export class Sha256 {
  private hash;
  constructor(private readonly secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = this.fresh();
  }
  private fresh() {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', bytesOf(this.secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView) {
    this.hash.update(bytesOf(data));
  }
  digest() {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
  reset() {
    this.hash = this.fresh();
  }
}

const bytesOf = (data: string | ArrayBuffer | ArrayBufferView) =>
  typeof data === 'string'
    ? Buffer.from(data)
    : ArrayBuffer.isView(data)
      ? Buffer.from(data.buffer, data.byteOffset, data.byteLength)
      : Buffer.from(data);

const region = () => process.env.AWS_REGION ?? 'us-east-1';

const signer = /* @__PURE__ */ new SignatureV4({
  service: 's3',
  region: () => Promise.resolve(region()),
  credentials: /* @__PURE__ */ defaultProvider(),
  sha256: Sha256,
  // S3 signs the path as sent (encoded once) and asks for the body's hash in x-amz-content-sha256.
  uriEscapePath: false,
  applyChecksum: true,
});

/** Where the S3 client would send it: the standard endpoint variables, else S3's regional endpoint. */
const endpoint = () =>
  new URL(
    process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL ?? `https://s3.${region()}.amazonaws.com`,
  );

/** URI-encoded as SigV4 and the S3 client encode: `!'()*` too. */
const uriEscaped = (text: string) =>
  encodeURIComponent(text).replace(
    /[!'()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );

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

/** A query string encoded as it was signed, in the signer's order. */
const queryString = (query: Record<string, string>) =>
  Object.keys(query)
    .sort()
    .map((name) => `${uriEscaped(name)}=${uriEscaped(query[name] ?? '')}`)
    .join('&');

/** An answer S3 gives for a request it refused; `name` is S3's error code (AccessDenied, NoSuchBucket, ...). */
export class S3RequestError extends Error {
  constructor(
    readonly status: number,
    code: string,
    message: string,
  ) {
    super(`S3 answered ${status} ${code}: ${message}`);
    this.name = code;
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

/** What the signer signs for a request to a key (or to the bucket), and the URL it goes to. */
function toSign({ method, key, query = {}, headers = {}, body }: S3Call) {
  const url = urlOf(key);
  return {
    url,
    request: {
      method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      path: url.pathname,
      query,
      headers: { host: url.host, ...headers },
      body,
    },
  };
}

async function send(call: S3Call): Promise<HttpAnswer> {
  const { url, request } = toSign(call);
  const signed = await signer.sign(request);
  const search = Object.keys(request.query).length > 0 ? `?${queryString(request.query)}` : '';
  return exchangeHttp(new URL(`${url.href}${search}`), {
    method: call.method,
    headers: signed.headers,
    body: call.body,
  });
}

// As the S3 client does by default: three attempts for throttling, a server error or a lost connection.
const ATTEMPTS = 3;
const retryable = (status: number) => status === 429 || status >= 500;
const backoff = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * 100 * 2 ** attempt));

/**
 * CompleteMultipartUpload and UploadPartCopy may answer 200 and still fail: S3 decides after sending the
 * status, and says so in an `<Error>` document.
 */
const lateError = (text: string) => /^\s*(?:<\?xml[^>]*\?>\s*)?<Error>/.test(text);

/**
 * Sends until S3 answers something other than a server error or throttling (three attempts, as the S3
 * client makes). Every request sent this way is safe to repeat (see document-multipart.ts for the
 * multipart steps). `streamed` leaves a success's body unread for the caller; `okMayFail` reads a 200's
 * `<Error>` document as the failure it is.
 */
export async function s3Request(
  call: S3Call,
  { streamed = false, okMayFail = false } = {},
): Promise<S3Answer> {
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await send(call);
      const text = streamed && response.ok ? '' : await response.text();
      const failedLate = response.ok && okMayFail && lateError(text);
      if (failedLate && attempt >= ATTEMPTS) throw refusal({ response, text });
      if (!(failedLate || retryable(response.status)) || attempt >= ATTEMPTS) return { response, text };
    } catch (error) {
      if (attempt >= ATTEMPTS) throw error;
    }
    await backoff(attempt);
  }
}

/**
 * S3's refusal as an error named by its code (or, for an answer without a body such as a HEAD's, by its
 * HTTP status). Never quotes anything but S3's own error document.
 */
export function refusal({ response, text }: S3Answer): S3RequestError {
  const status = STATUS_CODES[response.status]?.replace(/\W/g, '') ?? 'UnknownError';
  return new S3RequestError(
    response.status,
    xmlValue(text, 'Code') ?? status,
    xmlValue(text, 'Message') ?? `${response.status} ${STATUS_CODES[response.status] ?? ''}`.trim(),
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
  const { url, request } = toSign({
    method,
    key,
    query,
    headers: { 'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD', ...headers },
  });
  const presigned = await signer.presign(request, { expiresIn: expiresInSeconds });
  return `${url.href}?${queryString(presigned.query as Record<string, string>)}`;
}
