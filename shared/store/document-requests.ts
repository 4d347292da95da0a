import { createHash, createHmac } from 'node:crypto';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { env } from '#config';
import { exchangeHttp, type HttpAnswer } from './http-exchange.ts';

/**
 * S3's PutObject (with `If-None-Match: *`) and GetObject, signed (SigV4, as the S3 client signs them) and
 * sent over Node's HTTP client (http-exchange.ts). Without the S3 client: a step that writes small documents (every provider exchange of
 * the audit trail, the provider's errors) or reads one would otherwise bundle and load all of
 * `@aws-sdk/client-s3` at every cold start. The signer and the credential chain are those the DynamoDB
 * client already bundles.
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

/** A key's path as the S3 client writes it: each segment URI-encoded, `!'()*` too. */
export const encodedKey = (key: string) =>
  key
    .split('/')
    .map((segment) =>
      encodeURIComponent(segment).replace(
        /[!'()*]/g,
        (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
      ),
    )
    .join('/');

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

// As the S3 client does by default: three attempts for throttling, a server error or a lost connection.
const ATTEMPTS = 3;
const retryable = (status: number) => status === 429 || status >= 500;
const backoff = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * 100 * 2 ** attempt));

/** One signed request for a document of the bucket, as the S3 client would send it. */
async function send(method: 'GET' | 'PUT', key: string, put?: { body: string; contentType: string }) {
  const base = endpoint();
  // Path-style, as the gateway's S3 client (forcePathStyle), under whatever path the endpoint has.
  const url = new URL(
    `${base.pathname.replace(/\/$/, '')}/${env.documentsBucket()}/${encodedKey(key)}`,
    base,
  );
  const signed = await signer.sign({
    method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    path: url.pathname,
    query: {},
    headers: {
      host: url.host,
      ...(put ? { 'content-type': put.contentType, 'if-none-match': '*' } : {}),
    },
    body: put?.body,
  });
  return exchangeHttp(url, { method, headers: signed.headers, body: put?.body });
}

/**
 * Sends until S3 answers something other than a server error or throttling (three attempts, as the S3
 * client makes), and gives that answer with its text.
 */
async function answered(request: () => Promise<HttpAnswer>): Promise<{ response: HttpAnswer; text: string }> {
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await request();
      const { text } = response;
      if (!retryable(response.status) || attempt >= ATTEMPTS) return { response, text };
    } catch (error) {
      if (attempt >= ATTEMPTS) throw error;
    }
    await backoff(attempt);
  }
}

/** S3's refusal as an error named by its code. */
function refusal(status: number, text: string): S3RequestError {
  const [, code = 'UnknownError'] = /<Code>([^<]*)<\/Code>/.exec(text) ?? [];
  const [, message = text.slice(0, 200)] = /<Message>([^<]*)<\/Message>/.exec(text) ?? [];
  return new S3RequestError(status, code, message);
}

/**
 * Writes a document once: a key already written keeps what was first written there (answers false, S3's
 * 412). Any other refusal throws an S3RequestError.
 */
export async function putDocument(
  key: string,
  body: string,
  contentType = 'application/json',
): Promise<boolean> {
  const { response, text } = await answered(() => send('PUT', key, { body, contentType }));
  if (response.ok) return true;
  // A retry of a write S3 had taken finds the key taken: the first copy stands, as for any retry.
  if (response.status === 412) return false;
  throw refusal(response.status, text);
}

/** A document's text, or undefined when nothing is stored under the key (S3's NoSuchKey). */
export async function getDocument(key: string): Promise<string | undefined> {
  const { response, text } = await answered(() => send('GET', key));
  if (response.ok) return text;
  const error = refusal(response.status, text);
  if (error.name === 'NoSuchKey') return undefined;
  throw error;
}
