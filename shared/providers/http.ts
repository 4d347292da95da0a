import { type ProviderOutcome, recordProviderCall } from '#observability/metrics';
import { ProviderAuthorisationError, ProviderRejectedError, ProviderUnavailableError } from './errors.ts';

export interface ProviderResponse {
  status: number;
  headers: Headers;
  body: string;
}

export interface ProviderRequest {
  /** The provider operation, named after its client function (e.g. `getJob`): a metric dimension. */
  operation: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * One HTTP exchange with a provider, its failures sorted into the three error classes the workflows
 * understand. Retrying is left to the caller (the state machine's Retry), so a request is never
 * repeated behind its back.
 */
export async function providerRequest(provider: string, request: ProviderRequest): Promise<ProviderResponse> {
  const started = performance.now();
  let outcome: ProviderOutcome = 'unavailable';
  try {
    const response = await exchange(provider, request);
    outcome = 'ok';
    return response;
  } catch (error) {
    if (error instanceof ProviderAuthorisationError) outcome = 'unauthorised';
    if (error instanceof ProviderRejectedError) outcome = 'rejected';
    throw error;
  } finally {
    recordProviderCall(provider, request.operation, outcome, performance.now() - started);
  }
}

async function exchange(provider: string, request: ProviderRequest): Promise<ProviderResponse> {
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(request.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    });
  } catch (error) {
    throw new ProviderUnavailableError(`${provider} ${request.method} ${request.url}: ${describe(error)}`);
  }
  const body = await response.text();
  const where = `${provider} ${request.method} ${new URL(request.url).pathname}`;
  if (response.status === 401 || response.status === 403) {
    throw new ProviderAuthorisationError(`${where} answered ${response.status}: ${body.slice(0, 500)}`);
  }
  if (response.status === 429 || response.status >= 500) {
    throw new ProviderUnavailableError(`${where} answered ${response.status}: ${body.slice(0, 500)}`);
  }
  if (response.status >= 400) {
    throw new ProviderRejectedError(
      `${where} answered ${response.status}: ${body.slice(0, 500)}`,
      response.status,
      body,
    );
  }
  return { status: response.status, headers: response.headers, body };
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return `${error.name}: ${error.message}${cause}`;
  }
  return String(error);
}
