import { afterEach, describe, expect, it } from 'vitest';
import { AwsServiceError, startAwsJsonServer } from '../../../infra/local/aws-json-protocol.ts';

describe('AWS JSON protocol server', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  async function call(target: string, body: string, contentType = 'application/x-amz-json-1.1') {
    const server = await startAwsJsonServer({
      targetPrefix: 'Example',
      operations: {
        Echo: async (input) => ({ echoed: input }),
        Throttle: async () => {
          throw new AwsServiceError('ThrottlingException', 'slow down', 429);
        },
        Crash: async () => {
          throw new Error('boom');
        },
      },
    });
    cleanups.push(server.close);
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'x-amz-target': target, 'content-type': contentType },
      body,
    });
    return { response, json: (await response.json()) as Record<string, unknown> };
  }

  it('answers an operation with its result in the content type it was asked in', async () => {
    const { response, json } = await call('Example.Echo', '{"a":1}');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(json).toEqual({ echoed: { a: 1 } });
  });

  it('answers errors with __type, message, status and x-amzn-errortype', async () => {
    const throttled = await call('Example.Throttle', '{}');
    expect(throttled.response.status).toBe(429);
    expect(throttled.response.headers.get('x-amzn-errortype')).toBe('ThrottlingException');
    expect(throttled.json).toEqual({ __type: 'ThrottlingException', message: 'slow down' });

    const unknown = await call('Other.Echo', '{}', 'text/plain');
    expect(unknown.response.status).toBe(400);
    expect(unknown.response.headers.get('content-type')).toBe('application/x-amz-json-1.0');
    expect(unknown.json.__type).toBe('UnknownOperationException');

    expect((await call('Example.Echo', '{')).json.__type).toBe('SerializationException');
    const crashed = await call('Example.Crash', '{}');
    expect(crashed.response.status).toBe(500);
    expect(crashed.json).toEqual({ __type: 'InternalFailure', message: 'boom' });
  });
});
