import { createSocket, type Socket } from 'node:dgram';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { stepHandler } from '#observability/handler';
import { providerRequest } from '#providers/http';

/**
 * As in Lambda with active tracing: the segment the runtime opened is named by `_X_AMZN_TRACE_ID`, and the
 * X-Ray SDK sends what it records over UDP to the daemon, here a socket of the test's own.
 */
let daemon: Socket;
let provider: Server;
const sent: Record<string, any>[] = [];

beforeAll(async () => {
  daemon = createSocket('udp4');
  daemon.on('message', (message) => {
    const [, document] = String(message).split('\n');
    if (document) sent.push(JSON.parse(document));
  });
  await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', resolve));
  vi.stubEnv('AWS_EXECUTION_ENV', 'AWS_Lambda_nodejs22.x');
  vi.stubEnv('LAMBDA_TASK_ROOT', '/var/task');
  vi.stubEnv('AWS_XRAY_DAEMON_ADDRESS', `127.0.0.1:${(daemon.address() as AddressInfo).port}`);
  vi.stubEnv(
    '_X_AMZN_TRACE_ID',
    'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
  );
  provider = createServer((_request, response) => {
    response.writeHead(422, { 'content-type': 'application/json' });
    response.end('{"errors":[{"detail":"surname Williamson is too long"}]}');
  });
  await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
});

afterAll(async () => {
  vi.unstubAllEnvs();
  daemon?.close();
  await new Promise((resolve) => provider?.close(resolve));
});

describe('provider calls in X-Ray', () => {
  it('are a subsegment annotated with the call and the ids, flagged when refused, without the answer', async () => {
    const { port } = provider.address() as AddressInfo;
    const step = stepHandler(async (_state: { submissionId: string; schemeId: string }) => {
      const url = `http://127.0.0.1:${port}/api/v2/contributions`;
      await providerRequest('TPP', { operation: 'postContributions', method: 'POST', url, body: '{}' });
    });
    const context = { functionName: 'SubmitContributions', awsRequestId: 'r1' } as Context;
    await expect(step({ submissionId: 'sub-1', schemeId: 'scheme-1' }, context)).rejects.toThrow();
    await expect.poll(() => sent.length).toBeGreaterThan(0);
    expect(sent[0]).toMatchObject({
      type: 'subsegment',
      name: 'TPP postContributions',
      trace_id: '1-5759e988-bd862e3fe1be46a994272793',
      parent_id: '53995c3f42cd8ad8',
      error: true,
      annotations: {
        submissionId: 'sub-1',
        schemeId: 'scheme-1',
        provider: 'TPP',
        operation: 'postContributions',
        outcome: 'rejected',
        httpStatus: 422,
      },
    });
    expect(JSON.stringify(sent)).not.toContain('Williamson');
  });
});
