import { retryAfterSeconds } from '#domain/outage-retry';
import type { ProviderOutcome } from '#observability/metrics';
import { observeProviderCall } from '#observability/provider-calls';
import { type TraceAnnotations, traceProviderCall } from '#observability/tracer';
import { ProviderAuthorisationError, ProviderRejectedError, ProviderUnavailableError } from './errors.ts';
import { type ExchangeAnswer, heardExchange } from './exchange-listener.ts';

export interface ProviderResponse {
  status: number;
  headers: Headers;
  body: string;
}

/** A body sent as it is read from where it is kept, never held whole; its length is sent ahead. */
export interface StreamedBody {
  stream: ReadableStream<Uint8Array>;
  length: number;
}

export interface ProviderRequest {
  /** The provider operation, named after its client function (e.g. `getJob`): a metric dimension. */
  operation: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: string | StreamedBody;
  timeoutMs?: number;
  /** Its body or answer carries credentials (an OAuth token request): never offered to the audit trail. */
  carriesCredentials?: boolean;
}

/** Well under the functions' timeout (infra/constructs/gateway-function.ts), so a slow provider is a retryable failure. */
export const PROVIDER_TIMEOUT_MS = 20_000;

/** Failures to connect at all: the request never left, so it cannot have reached the provider. */
const NEVER_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);
/** A large document takes longer to send, and for the provider to read before it answers. */
const EXTRA_MS_PER_MIB = 1_000;

/**
 * One HTTP exchange with a provider, its failures sorted into the three error classes the workflows
 * understand. Retrying is left to the caller (the state machine's Retry), so a request is never
 * repeated behind its back.
 */
export function providerRequest(provider: string, request: ProviderRequest): Promise<ProviderResponse> {
  return traceProviderCall(`${provider} ${request.operation}`, (annotate) =>
    observedRequest(provider, request, annotate),
  );
}

/** The exchange, with its metric, log line and trace annotations (#observability/provider-calls). */
async function observedRequest(
  provider: string,
  request: ProviderRequest,
  annotate: (annotations: TraceAnnotations) => void,
): Promise<ProviderResponse> {
  const started = performance.now();
  const startedAt = new Date();
  const answer: ExchangeAnswer = {};
  let outcome: ProviderOutcome = 'unavailable';
  let failure: string | undefined;
  try {
    const response = await exchange(provider, request, answer);
    outcome = 'ok';
    return response;
  } catch (error) {
    if (error instanceof ProviderAuthorisationError) outcome = 'unauthorised';
    if (error instanceof ProviderRejectedError) outcome = 'rejected';
    failure = (error as Error).name;
    throw error;
  } finally {
    const { operation, method } = request;
    const httpStatus = answer.status;
    annotate({ provider, operation, outcome, httpStatus });
    const latencyMs = performance.now() - started;
    observeProviderCall({ provider, operation, method, outcome, httpStatus, latencyMs, error: failure });
    if (!request.carriesCredentials) await heardExchange({ provider, request, startedAt, ...answer });
  }
}

async function exchange(
  provider: string,
  request: ProviderRequest,
  answer: ExchangeAnswer,
): Promise<ProviderResponse> {
  let response: Response;
  try {
    const { body } = request;
    const streamed = typeof body === 'object';
    response = await fetch(request.url, {
      method: request.method,
      headers: streamed ? { ...request.headers, 'Content-Length': String(body.length) } : request.headers,
      body: streamed ? body.stream : body,
      // A streamed body is sent as it is read (Node's fetch needs half duplex for that).
      ...(streamed ? { duplex: 'half' } : {}),
      signal: AbortSignal.timeout(
        request.timeoutMs ??
          PROVIDER_TIMEOUT_MS + (streamed ? Math.ceil(body.length / 1024 / 1024) * EXTRA_MS_PER_MIB : 0),
      ),
    });
  } catch (error) {
    answer.failure = describe(error);
    throw new ProviderUnavailableError(`${provider} ${request.method} ${request.url}: ${describe(error)}`, {
      mayHaveArrived: !NEVER_SENT.has(causeCode(error) ?? ''),
    });
  }
  answer.status = response.status;
  const body = await response.text();
  answer.body = body;
  // The message names the exchange, never the answer's text: a message reaches Lambda's and Step Functions'
  // logs, and a provider's answer may quote the payroll's personal data. The answer itself is in the
  // submission's audit trail, and on a rejection in `body`.
  const where = `${provider} ${request.method} ${new URL(request.url).pathname} answered ${response.status}`;
  if (response.status === 401 || response.status === 403) {
    throw new ProviderAuthorisationError(where);
  }
  if (response.status === 429 || response.status >= 500) {
    throw new ProviderUnavailableError(where, {
      retryAfterSeconds: retryAfterSeconds(response.headers.get('retry-after'), new Date()),
      // Throttling refuses the request before reading it; a server fault may come after it was taken.
      mayHaveArrived: response.status !== 429,
    });
  }
  if (response.status >= 400) {
    throw new ProviderRejectedError(where, response.status, body);
  }
  return { status: response.status, headers: response.headers, body };
}

/** The system error code under fetch's TypeError (undici puts it on `cause`). */
function causeCode(error: unknown): string | undefined {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return `${error.name}: ${error.message}${cause}`;
  }
  return String(error);
}
