import { env } from '#config';
import { type ProviderResponse, providerRequest, type StreamedBody } from '#providers/http';
import { readSecretJson, STATIC_SECRET_MAX_AGE_MS } from '#store/secrets';
import { type SignatureMethod, signRequest } from './oauth1.ts';

/**
 * PensionSync over HTTP, as docs/pensionsync-wire.md sets it out. `PENSIONSYNC_API_URL` is an origin; the API
 * lives under `/api`. Every request is signed with OAuth 1.0a, one-legged. Bodies come back as received (the
 * audit trail hears each exchange through #providers/exchange-listener); parsing is in documents.ts.
 */

interface PensionSyncSecret {
  consumerKey: string;
  consumerSecret: string;
  signatureMethod?: SignatureMethod;
}

const SIGNATURE_METHODS: readonly SignatureMethod[] = ['HMAC-SHA1', 'HMAC-SHA256', 'PLAINTEXT'];

const JSON_TYPE = 'application/json';
const CSV_TYPE = 'text/csv';
const XML_TYPE = 'application/xml';

let credentials: { arn: string; readAt: number; secret: Promise<Required<PensionSyncSecret>> } | undefined;

/**
 * The consumer credentials, read once per container for at most STATIC_SECRET_MAX_AGE_MS (a rotated key is
 * picked up within it); a failed read is not kept, so the next call tries again.
 */
function consumer(): Promise<Required<PensionSyncSecret>> {
  const arn = env.pensionSyncSecretArn();
  const now = Date.now();
  if (credentials?.arn !== arn || now - credentials.readAt >= STATIC_SECRET_MAX_AGE_MS) {
    const secret = loadSecret(arn);
    credentials = { arn, readAt: now, secret };
    secret.catch(() => {
      if (credentials?.secret === secret) credentials = undefined;
    });
  }
  return credentials.secret;
}

async function loadSecret(arn: string): Promise<Required<PensionSyncSecret>> {
  const secret = await readSecretJson<Partial<PensionSyncSecret>>(arn);
  if (!secret) throw new Error(`PensionSync consumer secret ${arn} does not exist or has no value`);
  // Names the faulty field, never its value.
  if (typeof secret.consumerKey !== 'string' || secret.consumerKey === '')
    throw new Error(`PensionSync consumer secret ${arn} has no consumerKey`);
  if (typeof secret.consumerSecret !== 'string' || secret.consumerSecret === '')
    throw new Error(`PensionSync consumer secret ${arn} has no consumerSecret`);
  const signatureMethod = secret.signatureMethod ?? 'HMAC-SHA1';
  if (!SIGNATURE_METHODS.includes(signatureMethod))
    throw new Error(
      `PensionSync consumer secret ${arn} has signatureMethod ${JSON.stringify(signatureMethod)}; expected one of ${SIGNATURE_METHODS.join(', ')}`,
    );
  return { consumerKey: secret.consumerKey, consumerSecret: secret.consumerSecret, signatureMethod };
}

/**
 * RFC 3986 percent-encoding: everything but unreserved characters, so the URL that is signed is exactly the
 * URL fetch sends (encodeURIComponent alone leaves `'` unencoded, which fetch then encodes in a query).
 */
function encode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * One path segment, encoded. Empty, `.` and `..` are refused: the URL parser would drop or resolve them and
 * the request would go to another resource.
 */
function segment(value: string): string {
  if (value === '' || value === '.' || value === '..') {
    throw new Error(`PensionSync path segment ${JSON.stringify(value)} is empty or a dot segment`);
  }
  return encode(value);
}

/** One employer's scheme at a destination, as the worker instruction and scheme paths name it. */
function employerPath(intermediaryId: string, destinationId: string, employerId: string): string {
  return `${segment(intermediaryId)}/destination/${segment(destinationId)}/employerId/${segment(employerId)}`;
}

function query(parameters: Record<string, string>): string {
  return `?${Object.entries(parameters)
    .map(([name, value]) => `${encode(name)}=${encode(value)}`)
    .join('&')}`;
}

interface Call {
  /** The client function's name, for the provider-call metrics. */
  operation: string;
  method: 'GET' | 'POST';
  path: string;
  accept?: string;
  body?: { content: string | StreamedBody; type: string };
  headers?: Record<string, string>;
}

async function pensionSyncRequest(call: Call): Promise<ProviderResponse> {
  const { consumerKey, consumerSecret, signatureMethod } = await consumer();
  const url = `${env.pensionSyncApiUrl().replace(/\/+$/, '')}${call.path}`;
  const authorization = signRequest({
    method: call.method,
    url,
    consumerKey,
    consumerSecret,
    signatureMethod,
    // RFC 5849 signs only a form body's parameters; a document body (XML, CSV) is not read.
    body: typeof call.body?.content === 'string' ? call.body.content : undefined,
    contentType: call.body?.type,
  });
  return providerRequest('PensionSync', {
    operation: call.operation,
    method: call.method,
    url,
    headers: {
      ...call.headers,
      Authorization: authorization,
      Accept: call.accept ?? JSON_TYPE,
      ...(call.body ? { 'Content-Type': call.body.type } : {}),
    },
    body: call.body?.content,
  });
}

function json(value: unknown): { content: string; type: string } {
  return { content: JSON.stringify(value), type: JSON_TYPE };
}

/** The providers PensionSync reaches and the methods each has switched on. */
export async function getDestinations(): Promise<ProviderResponse> {
  return pensionSyncRequest({ operation: 'getDestinations', method: 'GET', path: '/api/destination' });
}

/** `name` is "<client reference> <company name>", at most 100 characters (PensionSync checks). */
export async function createIntermediary(name: string): Promise<ProviderResponse> {
  return pensionSyncRequest({
    operation: 'createIntermediary',
    method: 'POST',
    path: '/api/admin/intermediary',
    body: json({ name }),
  });
}

/** A one-time, time-limited link into PensionSync's dashboard for the intermediary. */
export async function createDashboardLink(intermediaryId: string): Promise<ProviderResponse> {
  return pensionSyncRequest({
    operation: 'createDashboardLink',
    method: 'POST',
    path: `/api/admin/intermediary/${segment(intermediaryId)}/smtAuthorization`,
  });
}

/** Links a scheme (employer at a destination) to the intermediary; posting it again is harmless. */
export async function postScope(
  intermediaryId: string,
  scope: { employerId: string; destinationId: string },
): Promise<ProviderResponse> {
  return pensionSyncRequest({
    operation: 'postScope',
    method: 'POST',
    path: `/api/admin/intermediary/${segment(intermediaryId)}/scope`,
    body: json({ employerId: scope.employerId, destinationId: scope.destinationId }),
  });
}

export async function getScopeAuthorization(
  intermediaryId: string,
  employerId: string,
  destinationId: string,
): Promise<ProviderResponse> {
  return pensionSyncRequest({
    operation: 'getScopeAuthorization',
    method: 'GET',
    path: `/api/admin/intermediary/${segment(intermediaryId)}/employer/${segment(employerId)}/destination/${segment(destinationId)}/scopeAuthorization`,
  });
}

/** A PAPDIS CSV; destination and documentId travel in the (signed) query, the employer in the file. */
export async function submitPapdis(
  intermediaryId: string,
  document: { destinationId: string; documentId: string; csv: string | StreamedBody; doNotDeliver: boolean },
): Promise<ProviderResponse> {
  return pensionSyncRequest({
    operation: 'submitPapdis',
    method: 'POST',
    path: `/api/submission/intermediary/${segment(intermediaryId)}${query({
      destinationId: document.destinationId,
      documentId: document.documentId,
    })}`,
    body: { content: document.csv, type: CSV_TYPE },
    headers: { doNotDeliver: String(document.doNotDeliver) },
  });
}

/** A PASS XML document; the intermediary and employer are named inside it. */
export async function submitPass(
  destinationId: string,
  document: { documentId: string; xml: string | StreamedBody; doNotDeliver: boolean },
): Promise<ProviderResponse> {
  return pensionSyncRequest({
    operation: 'submitPass',
    method: 'POST',
    path: `/api/membermaintenance_and_contributions/${segment(destinationId)}${query({
      documentId: document.documentId,
    })}`,
    body: { content: document.xml, type: XML_TYPE },
    headers: { doNotDeliver: String(document.doNotDeliver) },
  });
}

export async function getJob(jobId: string): Promise<ProviderResponse> {
  return pensionSyncRequest({ operation: 'getJob', method: 'GET', path: `/api/job/${segment(jobId)}` });
}

export async function getJobErrors(jobId: string): Promise<ProviderResponse> {
  return pensionSyncRequest({
    operation: 'getJobErrors',
    method: 'GET',
    path: `/api/job/error/${segment(jobId)}`,
  });
}

/** Opt-outs and cessations for one scheme. */
export async function getWorkerInstructions(
  intermediaryId: string,
  destinationId: string,
  employerId: string,
): Promise<ProviderResponse> {
  return pensionSyncRequest({
    operation: 'getWorkerInstructions',
    method: 'GET',
    path: `/api/worker_instruction/v2/${employerPath(intermediaryId, destinationId, employerId)}`,
  });
}

/** The scheme's details (SASS), which are XML. */
export async function getSchemeData(
  intermediaryId: string,
  destinationId: string,
  employerId: string,
): Promise<ProviderResponse> {
  return pensionSyncRequest({
    operation: 'getSchemeData',
    method: 'GET',
    path: `/api/scheme/${employerPath(intermediaryId, destinationId, employerId)}`,
    accept: XML_TYPE,
  });
}
