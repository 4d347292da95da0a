import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { countStatusChange, countSyncRun, METRIC, METRICS_NAMESPACE } from '#observability/metrics';
import { providerRequest } from '#providers/http';
import { captureEmf } from '../../support/emf.ts';

/** The EMF lines written while a test runs. */
let written: string[] = [];
let emf: () => any[];

beforeEach(() => {
  ({ written, lines: emf } = captureEmf());
});

let server: Server | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  const s = server;
  server = undefined;
  if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
});

async function providerAnswering(status: number, body: string): Promise<string> {
  server = createServer((_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(body);
  });
  const s = server;
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

describe('provider call metrics', () => {
  it.each([
    [200, 'ok', 0],
    [422, 'rejected', 0],
    [401, 'unauthorised', 1],
    [503, 'unavailable', 1],
  ])(
    'a %i answer is one EMF line: outcome %s, %i error, latency, per provider and per operation',
    async (status, outcome, errors) => {
      const origin = await providerAnswering(status, '{"niNumber":"QQ123456C"}');
      await providerRequest('TPP', {
        operation: 'getContributionsStatus',
        method: 'GET',
        url: `${origin}/api/v2/contributions/c-123/status?employer=Franecki`,
      }).catch(() => undefined);
      const [line, ...more] = emf();
      expect(more).toEqual([]);
      expect(line._aws.CloudWatchMetrics).toEqual([
        {
          Namespace: METRICS_NAMESPACE,
          Dimensions: [
            ['service', 'Provider'],
            ['service', 'Provider', 'Operation', 'Outcome'],
          ],
          Metrics: expect.arrayContaining([
            { Name: METRIC.providerCalls, Unit: 'Count' },
            { Name: METRIC.providerErrors, Unit: 'Count' },
            { Name: METRIC.providerLatency, Unit: 'Milliseconds' },
          ]),
        },
      ]);
      expect(line).toMatchObject({
        service: 'pension-gateway',
        Provider: 'TPP',
        Operation: 'getContributionsStatus',
        Outcome: outcome,
        [METRIC.providerCalls]: 1,
        [METRIC.providerErrors]: errors,
      });
      expect(line[METRIC.providerLatency]).toBeGreaterThanOrEqual(0);
      // Neither the URL (ids, references) nor the answer (personal data) reaches the metrics.
      const text = written.join('');
      for (const leak of ['c-123', 'Franecki', 'QQ123456C', 'contributions/'])
        expect(text).not.toContain(leak);
    },
  );

  it('counts a provider that cannot be reached as unavailable', async () => {
    const origin = await providerAnswering(200, '{}');
    const s = server;
    server = undefined;
    await new Promise<void>((resolve) => s?.close(() => resolve()));
    await expect(
      providerRequest('PensionSync', { operation: 'getJob', method: 'GET', url: `${origin}/api/job/1` }),
    ).rejects.toThrow();
    expect(emf()).toEqual([
      expect.objectContaining({ Provider: 'PensionSync', Operation: 'getJob', Outcome: 'unavailable' }),
    ]);
  });
});

describe('submission and sync metrics', () => {
  it('counts a status change per status, and per route and status', () => {
    countStatusChange('direct', 'error');
    const [line] = emf();
    expect(line._aws.CloudWatchMetrics[0].Dimensions).toEqual([
      ['service', 'Status'],
      ['service', 'Status', 'Route'],
    ]);
    expect(line).toMatchObject({ Route: 'direct', Status: 'error', [METRIC.submissionStatusChanged]: 1 });
  });

  it('counts a finished sync run, and whether any scheme failed, per kind', () => {
    countSyncRun('opt-outs', 0);
    countSyncRun('scheme-details', 3);
    expect(
      emf().map((line) => [line.Kind, line[METRIC.syncRunsCompleted], line[METRIC.syncRunsWithFailures]]),
    ).toEqual([
      ['opt-outs', 1, 0],
      ['scheme-details', 1, 1],
    ]);
  });

  it('writes nothing when POWERTOOLS_METRICS_DISABLED is set', () => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
    countStatusChange('direct', 'processed');
    expect(written).toEqual([]);
  });
});
