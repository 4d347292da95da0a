import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import {
  ProviderAuthorisationError,
  ProviderRejectedError,
  ProviderUnavailableError,
} from '#providers/errors';
import { providerRequest } from '#providers/http';
import { answeringJson, serverPerTest, startLocalServer } from '../../support/local-server.ts';

interface Seen {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingMessage['headers'];
  body: string;
}

const serve = serverPerTest();

async function listen(handler: (req: IncomingMessage, res: ServerResponse, seen: Seen) => void): Promise<{
  url: string;
  seen: Seen[];
}> {
  const seen: Seen[] = [];
  const url = await serve((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const entry = {
        method: req.method,
        url: req.url,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      seen.push(entry);
      handler(req, res, entry);
    });
  });
  return { url, seen };
}

function answering(status: number, body: string, headers: Record<string, string> = {}) {
  return listen((_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(body);
  });
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-error: ${String(error)}`);
  }
  throw new Error('expected the request to fail');
}

describe('providerRequest', () => {
  it('returns status, headers and body of a 200', async () => {
    const { url } = await answering(200, '{"data":{"id":"1"}}', { 'x-request-id': 'abc' });
    const response = await providerRequest('tpp', {
      operation: 'test',
      method: 'GET',
      url: `${url}/api/v2/accounts/1`,
    });
    expect(response.status).toBe(200);
    expect(response.body).toBe('{"data":{"id":"1"}}');
    expect(response.headers.get('x-request-id')).toBe('abc');
  });

  it('returns other 2xx answers too', async () => {
    const { url } = await answering(202, '{"data":{"id":"c1"}}');
    const response = await providerRequest('tpp', {
      operation: 'test',
      method: 'POST',
      url: `${url}/api/v2/contributions`,
    });
    expect(response.status).toBe(202);
    expect(response.body).toBe('{"data":{"id":"c1"}}');
  });

  it('sends the method, headers and body it is given', async () => {
    const { url, seen } = await answering(201, '{}');
    await providerRequest('tpp', {
      operation: 'test',
      method: 'POST',
      url: `${url}/api/v2/contributions?x=1`,
      headers: { 'content-type': 'application/vnd.api+json', authorization: 'OAuth abc' },
      body: '{"data":{}}',
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      method: 'POST',
      url: '/api/v2/contributions?x=1',
      body: '{"data":{}}',
      headers: expect.objectContaining({
        'content-type': 'application/vnd.api+json',
        authorization: 'OAuth abc',
      }),
    });
  });

  it.each([401, 403])('throws ProviderAuthorisationError for %i', async (status) => {
    const { url } = await answering(status, '{"errors":[{"title":"Invalid signature"}]}');
    const error = await failure(
      providerRequest('tpp', { operation: 'test', method: 'GET', url: `${url}/api/v2/accounts/1` }),
    );
    expect(error).toBeInstanceOf(ProviderAuthorisationError);
    expect(error.name).toBe('ProviderAuthorisationError');
    expect(error.message).toBe(`tpp GET /api/v2/accounts/1 answered ${status}`);
  });

  it.each([429, 500, 502, 503, 504])('throws ProviderUnavailableError for %i', async (status) => {
    const { url } = await answering(status, 'busy');
    const error = await failure(
      providerRequest('tpp', { operation: 'test', method: 'POST', url: `${url}/api/v2/contributions` }),
    );
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect(error.name).toBe('ProviderUnavailableError');
    expect(error.message).toContain(`answered ${status}`);
  });

  it.each([400, 404, 409, 422])(
    'throws ProviderRejectedError with status and body for %i',
    async (status) => {
      const body = JSON.stringify({ errors: [{ code: 'G/001', title: 'Bad request' }] });
      const { url } = await answering(status, body);
      const error = await failure(
        providerRequest('tpp', { operation: 'test', method: 'POST', url: `${url}/api/v2/contributions` }),
      );
      expect(error).toBeInstanceOf(ProviderRejectedError);
      expect(error.name).toBe('ProviderRejectedError');
      const rejected = error as ProviderRejectedError;
      expect(rejected.status).toBe(status);
      expect(rejected.body).toBe(body);
      expect(rejected.message).toContain(`tpp POST /api/v2/contributions answered ${status}`);
    },
  );

  it('keeps the whole body on a rejection, and none of it in the message, which logs carry', async () => {
    const body = JSON.stringify({
      errors: [{ code: 'D/B03', detail: 'Surname Williamson, NINO QQ123456C' }],
    });
    for (const status of [400, 401, 503]) {
      const { url } = await answering(status, body);
      const error = await failure(
        providerRequest('tpp', { operation: 'test', method: 'GET', url: `${url}/x` }),
      );
      expect(error.message).toBe(`tpp GET /x answered ${status}`);
      if (status === 400) expect((error as ProviderRejectedError).body).toBe(body);
    }
  });

  it('leaves the query string out of the message for an answered error', async () => {
    const { url } = await answering(400, 'no');
    const error = await failure(
      providerRequest('tpp', {
        operation: 'test',
        method: 'GET',
        url: `${url}/api/v2/accounts?secret=s3cr3t`,
      }),
    );
    expect(error.message).not.toContain('s3cr3t');
  });

  it('throws ProviderUnavailableError when the connection is refused', async () => {
    // A port just given up: nothing listens there any more.
    const stopped = await startLocalServer(answeringJson(200, '{}'));
    await stopped.stop();
    const url = stopped.origin;
    const error = await failure(
      providerRequest('tpp', { operation: 'test', method: 'GET', url: `${url}/api/v2/accounts/1` }),
    );
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect(error.name).toBe('ProviderUnavailableError');
    expect(error.message).toContain('tpp GET');
    // The request never left: sending it again cannot make a duplicate.
    expect((error as ProviderUnavailableError).mayHaveArrived).toBe(false);
  });

  it('says a request may have arrived when the connection drops after it was sent, or a 5xx answers it', async () => {
    const dropped = await listen((req) => req.socket.destroy());
    const lost = await failure(
      providerRequest('tpp', { operation: 'test', method: 'POST', url: `${dropped.url}/x`, body: '{}' }),
    );
    expect(lost).toBeInstanceOf(ProviderUnavailableError);
    expect((lost as ProviderUnavailableError).mayHaveArrived).toBe(true);
    const { url } = await answering(503, '{}', { 'retry-after': '120' });
    const fault = (await failure(
      providerRequest('tpp', { operation: 'test', method: 'POST', url, body: '{}' }),
    )) as ProviderUnavailableError;
    expect(fault.mayHaveArrived).toBe(true);
    expect(fault.retryAfterSeconds).toBe(120);
  });

  it('reads a 429 as refused before it was taken, with its Retry-After', async () => {
    const { url } = await answering(429, '{}', { 'retry-after': '30' });
    const error = (await failure(
      providerRequest('tpp', { operation: 'test', method: 'POST', url, body: '{}' }),
    )) as ProviderUnavailableError;
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect(error.mayHaveArrived).toBe(false);
    expect(error.retryAfterSeconds).toBe(30);
  });

  it('throws ProviderUnavailableError when the provider does not answer in time', async () => {
    const { url } = await listen(() => {
      // Never answers.
    });
    const started = Date.now();
    const error = await failure(
      providerRequest('tpp', {
        operation: 'test',
        method: 'GET',
        url: `${url}/api/v2/contributions/1`,
        timeoutMs: 100,
      }),
    );
    expect(error).toBeInstanceOf(ProviderUnavailableError);
    expect(error.name).toBe('ProviderUnavailableError');
    expect(error.message).toMatch(/TimeoutError|abort/i);
    expect((error as ProviderUnavailableError).mayHaveArrived).toBe(true);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('provider error names', () => {
  it('are the class names as strings, which Step Functions matches on', () => {
    expect(new ProviderUnavailableError('x').name).toBe('ProviderUnavailableError');
    expect(new ProviderAuthorisationError('x').name).toBe('ProviderAuthorisationError');
    expect(new ProviderRejectedError('x', 400, 'b').name).toBe('ProviderRejectedError');
  });

  it('are errors carrying their message', () => {
    const error = new ProviderRejectedError('refused', 422, '{"errors":[]}');
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe('refused');
    expect(error.status).toBe(422);
    expect(error.body).toBe('{"errors":[]}');
    expect(String(error)).toBe('ProviderRejectedError: refused');
  });
});
