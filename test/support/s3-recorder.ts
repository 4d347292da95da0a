import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignatureV4 } from '@smithy/signature-v4';
import { LOCAL_CREDENTIALS, REGION } from '../../infra/local/aws-json-protocol.ts';
import { Sha256 } from '../../shared/store/aws-requests.ts';

/** One request as the recording server received it. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/**
 * A server standing in for S3 (or, with AWS_ENDPOINT_URL_EVENTBRIDGE pointed at it, EventBridge) that records
 * each request and answers it with `answer` (given the request and how many came before it);
 * AWS_ENDPOINT_URL_S3 points at it. Stopped by the cleanup pushed to `cleanups`.
 */
export async function startRecorder(
  cleanups: Array<() => Promise<void>>,
  answer: (response: ServerResponse, request: RecordedRequest, index: number) => void,
) {
  const received: RecordedRequest[] = [];
  const server = createServer(async (request, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    const recorded = { method: request.method ?? '', url: request.url ?? '', headers: request.headers, body };
    received.push(recorded);
    answer(response, recorded, received.length - 1);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.AWS_ENDPOINT_URL_S3 = url;
  return { url, received };
}

/** Answers the requests in turn, the last answer repeating. */
export const inTurn =
  (answers: Array<(response: ServerResponse) => void>) =>
  (response: ServerResponse, _request: RecordedRequest, index: number) =>
    (answers[index] ?? answers.at(-1))?.(response);

/** A signer as the service named signs (S3's path encoded once; EventBridge's `/` is the same either way). */
const verifierFor = (service: string) =>
  new SignatureV4({
    service,
    region: REGION,
    credentials: LOCAL_CREDENTIALS,
    sha256: Sha256,
    uriEscapePath: false,
    applyChecksum: true,
  });

const dateOf = (amzDate: string) =>
  new Date(
    `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
  );

/**
 * Signs the request again from what arrived, keeping only the headers it says it signed, for the service
 * its credential scope names. An SDK client's own request passing this check shows the check (and the
 * hashing it shares with the writer) is the service's.
 */
export async function signatureHolds(request: RecordedRequest) {
  const authorization = String(request.headers.authorization);
  const signedHeaders = /SignedHeaders=([^,]+)/.exec(authorization)?.[1]?.split(';') ?? [];
  const service = /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(authorization)?.[1] ?? '';
  const url = new URL(request.url, 'http://placeholder');
  const again = await verifierFor(service).sign(
    {
      method: request.method,
      protocol: 'http:',
      hostname: '127.0.0.1',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: Object.fromEntries(signedHeaders.map((name) => [name, String(request.headers[name])])),
      body: request.body,
    },
    { signingDate: dateOf(String(request.headers['x-amz-date'])) },
  );
  return again.headers.authorization === authorization && signedHeaders.length > 0;
}

/**
 * Presigns again what a presigned URL says it signed, with the values of the signed headers a client sends
 * (`headers`): true when the signature is the same, as S3 checks it.
 */
export async function presignatureHolds(method: string, presigned: string, headers: Record<string, string>) {
  const url = new URL(presigned);
  const {
    'X-Amz-Signature': signature,
    'X-Amz-Date': date = '',
    'X-Amz-Expires': expires,
    'X-Amz-SignedHeaders': signedHeaders = '',
    'X-Amz-Content-Sha256': payloadHash = '',
    'X-Amz-Algorithm': _algorithm,
    'X-Amz-Credential': _credential,
    ...query
  } = Object.fromEntries(url.searchParams);
  const sent: Record<string, string> = { host: url.host, ...headers };
  const again = await verifierFor('s3').presign(
    {
      method,
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: url.pathname,
      query,
      headers: {
        ...Object.fromEntries(signedHeaders.split(';').map((name) => [name, sent[name] ?? ''])),
        'X-Amz-Content-Sha256': payloadHash,
      },
    },
    { signingDate: dateOf(date), expiresIn: Number(expires) },
  );
  return again.query?.['X-Amz-Signature'] === signature;
}
