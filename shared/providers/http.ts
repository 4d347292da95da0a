import { ProviderAuthorisationError, ProviderRejectedError, ProviderUnavailableError } from './errors.ts';

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
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: string | StreamedBody;
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;
/** A large document takes longer to send, and for the provider to read before it answers. */
const EXTRA_MS_PER_MIB = 1_000;

/**
 * One HTTP exchange with a provider, its failures sorted into the three error classes the workflows
 * understand. Retrying is left to the caller (the state machine's Retry), so a request is never
 * repeated behind its back.
 */
export async function providerRequest(provider: string, request: ProviderRequest): Promise<ProviderResponse> {
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
          DEFAULT_TIMEOUT_MS + (streamed ? Math.ceil(body.length / 1024 / 1024) * EXTRA_MS_PER_MIB : 0),
      ),
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
