import { createHash, createHmac } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { loadJsonRpcErrorCode } from '@smithy/core/protocols';
import { isThrottlingError, isTransientError } from '@smithy/core/retry';
import { SignatureV4, type SignatureV4Init } from '@smithy/signature-v4';
import { exchangeHttp, type HttpAnswer } from './http-exchange.ts';

/**
 * Requests to AWS services the gateway signs itself (SigV4, as the SDK clients sign them) and sends over
 * Node's HTTP client (http-exchange.ts), for the services whose SDK client would otherwise be bundled and
 * loaded at every cold start for one or two operations: S3 (document-requests.ts) and EventBridge
 * (events.ts). The signer, the credential chain, the error codes and the retry rules are those the
 * DynamoDB client already bundles (docs/aws-requests.md).
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

/** The default credential chain, as the SDK clients resolve it: one per process, shared by every signer. */
const credentials = /* @__PURE__ */ defaultProvider();

/** A SigV4 signer for one service (its signing name: `s3`, `events`), with the process's region and credentials. */
export const awsSigner = (
  service: string,
  options: Pick<SignatureV4Init, 'uriEscapePath' | 'applyChecksum'> = {},
) =>
  new SignatureV4({
    service,
    region: () => Promise.resolve(region()),
    credentials,
    sha256: Sha256,
    ...options,
  });

/**
 * Where the service's SDK client would send: `AWS_ENDPOINT_URL_<SERVICE>` (the service's id: `S3`,
 * `EVENTBRIDGE`), then `AWS_ENDPOINT_URL`, else the service's regional endpoint (`https://<host>.<region>.amazonaws.com`).
 */
export const awsEndpoint = (serviceId: string, host: string) =>
  new URL(
    process.env[`AWS_ENDPOINT_URL_${serviceId}`] ??
      process.env.AWS_ENDPOINT_URL ??
      `https://${host}.${region()}.amazonaws.com`,
  );

/** URI-encoded as SigV4 and the SDK clients encode: `!'()*` too. */
export const uriEscaped = (text: string) =>
  encodeURIComponent(text).replace(
    /[!'()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );

/** A query string encoded as it was signed, in the signer's order. */
export const queryString = (query: Record<string, string>) =>
  Object.keys(query)
    .sort()
    .map((name) => `${uriEscaped(name)}=${uriEscaped(query[name] ?? '')}`)
    .join('&');

/** One request to a service: the URL's path as it is to be signed, without a query (given apart). */
export interface AwsCall {
  method: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

/** What the signer signs for a request to `url`: every header given, and `host`. */
export function toSign(url: URL, { method, query = {}, headers = {}, body }: AwsCall) {
  return {
    method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    path: url.pathname,
    query,
    headers: { host: url.host, ...headers },
    body,
  };
}

/** Signs the request to `url` and sends it as signed; answers once the status and headers are in. */
export async function sendSigned(signer: SignatureV4, url: URL, call: AwsCall): Promise<HttpAnswer> {
  const request = toSign(url, call);
  const signed = await signer.sign(request);
  const search = Object.keys(request.query).length > 0 ? `?${queryString(request.query)}` : '';
  return exchangeHttp(new URL(`${url.href}${search}`), {
    method: call.method,
    headers: signed.headers,
    body: call.body,
  });
}

/** An answer a service gave for a request it refused; `name` is the service's error code (AccessDenied, ...). */
export class AwsRequestError extends Error {
  constructor(
    service: string,
    readonly status: number,
    code: string,
    message: string,
  ) {
    super(`${service} answered ${status} ${code}: ${message}`);
    this.name = code;
  }
}

/** An HTTP status as an error name (`Forbidden`), for an answer that names no error code. */
export const statusName = (status: number) => STATUS_CODES[status]?.replace(/\W/g, '') ?? 'UnknownError';

/** An HTTP status as an error message (`403 Forbidden`), for an answer that gives none. */
export const statusText = (status: number) => `${status} ${STATUS_CODES[status] ?? ''}`.trim();

// As the SDK clients do by default (standard mode): three attempts.
const ATTEMPTS = 3;
const backoff = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * 100 * 2 ** attempt));

/** A service's refusal as the retry rules read it: its status, and the error code and message it gave. */
export interface Refusal {
  status: number;
  code?: string;
  message?: string;
}

/**
 * Whether the SDK client would try again after this refusal: throttling (429 or a throttling code such as
 * `ThrottlingException`, `SlowDown`) or a transient failure (500, 502, 503, 504, a timeout code such as
 * `RequestTimeout`), by the SDK's own classification.
 */
export function sdkWouldRetry({ status, code = '', message = '' }: Refusal): boolean {
  const error = { name: code, message, $metadata: { httpStatusCode: status } };
  return isThrottlingError(error) || isTransientError(error);
}

/**
 * Makes the attempt until its answer needs no retry (`retry` false), at most three times, with the SDK's
 * backoff; an attempt that throws (the connection lost, refused, or idle too long) is tried again too.
 * Answers the last answer, or throws the last attempt's error.
 */
export async function withRetries<T>(attempt: () => Promise<T>, retry: (answer: T) => boolean): Promise<T> {
  for (let made = 1; ; made++) {
    try {
      const answer = await attempt();
      if (!retry(answer) || made >= ATTEMPTS) return answer;
    } catch (error) {
      if (made >= ATTEMPTS) throw error;
    }
    await backoff(made);
  }
}

/** A call of an AWS JSON 1.1 service (EventBridge's `AWSEvents.PutEvents`, ...). */
export interface AwsJsonCall {
  /** The service as error messages name it. */
  service: string;
  signer: SignatureV4;
  endpoint: URL;
  /** The `X-Amz-Target`: the service's target prefix and the operation. */
  target: string;
  input: object;
}

/** An AWS JSON error answer's code (`__type`, `code`, then `x-amzn-errortype`, as the SDK reads them) and message. */
function jsonRefusal(response: HttpAnswer, text: string): Refusal {
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null) body = parsed as Record<string, unknown>;
  } catch {
    // Not JSON (a proxy's page): named by the HTTP status.
  }
  const errorType = response.headers.get('x-amzn-errortype');
  const headers: Record<string, string> = errorType === null ? {} : { 'x-amzn-errortype': errorType };
  const code = loadJsonRpcErrorCode({ statusCode: response.status, headers }, body);
  const message = body.message ?? body.Message;
  return {
    status: response.status,
    code: code || undefined,
    message: typeof message === 'string' ? message : undefined,
  };
}

/**
 * One AWS JSON 1.1 request, as the SDK client sends it: POST to the endpoint's path, the input as the
 * body, signed with its length. Tried again as the SDK client tries; the service's refusal throws an
 * AwsRequestError named by its error code. Answers the parsed output.
 */
export async function awsJsonRequest<T>({
  service,
  signer,
  endpoint,
  target,
  input,
}: AwsJsonCall): Promise<T> {
  const body = JSON.stringify(input);
  const headers = {
    'content-type': 'application/x-amz-json-1.1',
    'x-amz-target': target,
    'content-length': String(Buffer.byteLength(body)),
  };
  const { response, text } = await withRetries(
    async () => {
      const response = await sendSigned(signer, endpoint, { method: 'POST', headers, body });
      return { response, text: await response.text() };
    },
    ({ response, text }) => !response.ok && sdkWouldRetry(jsonRefusal(response, text)),
  );
  if (response.ok) return (text === '' ? {} : JSON.parse(text)) as T;
  const { status, code, message } = jsonRefusal(response, text);
  throw new AwsRequestError(service, status, code ?? statusName(status), message ?? statusText(status));
}
