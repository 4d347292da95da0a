import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireLease, releaseLease } from '#store/leases';
import { createSyncRun, listOpenSyncRuns } from '#store/sync-runs';
import { startTppSandbox, type TppSandbox } from '../../sandboxes/tpp/server.ts';
import { until, useRunningGateway } from '../support/http.ts';
import { tppOptOut } from '../support/opt-outs.ts';

/**
 * Syncs of one scheme never overlap (a lease per scheme and kind), so an API sync and a scheduled run at
 * the same moment announce an opt-out once; and a run whose bookkeeping died is closed by the next one.
 */
// A pass-through in front of the TPP sandbox answers opt-out listings late, so syncs not kept apart would
// overlap: each would compare with the opt-outs stored before any of them saved the new one (without the
// lease, the overlap test sees it announced three times).
const OPT_OUT_LISTING_DELAY_MS = 300;
let tpp: TppSandbox;
let slowTpp: Server;
const accessToken = randomBytes(24).toString('base64url');

beforeAll(async () => {
  tpp = await startTppSandbox();
  tpp.addAccessToken(accessToken);
  slowTpp = createServer(async (request, response) => {
    const body: Buffer[] = [];
    for await (const chunk of request) body.push(chunk as Buffer);
    const answer = await fetch(`${tpp.url}${request.url}`, {
      method: request.method,
      headers: {
        authorization: request.headers.authorization ?? '',
        accept: request.headers.accept ?? '*/*',
        ...(request.headers['content-type'] ? { 'content-type': request.headers['content-type'] } : {}),
      },
      body: body.length ? Buffer.concat(body) : undefined,
    });
    if (/\/opt-outs$/.test(request.url ?? '')) {
      await new Promise((resolve) => setTimeout(resolve, OPT_OUT_LISTING_DELAY_MS));
    }
    response.writeHead(answer.status, Object.fromEntries(answer.headers));
    response.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((resolve) => slowTpp.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await new Promise((resolve) => slowTpp?.close(resolve));
  await tpp?.close();
});

const gateway = useRunningGateway(() => {
  const url = `http://127.0.0.1:${(slowTpp.address() as AddressInfo).port}`;
  return { tpp: { apiUrl: url, authUrl: url, clientId: 'local', clientSecret: 'local', accessToken } };
});

const OPT_OUT_SYNC = 'PensionGateway-OptOutSync';

const received = (uniqueId: string) =>
  gateway.runtime.eventBridge
    .events()
    .filter(
      (e) =>
        e.DetailType === 'Opt-out Received' &&
        (e.Detail as { optOut: { uniqueId: string } }).optOut.uniqueId === uniqueId,
    );

async function runToEnd(runId: string) {
  return until(
    () => gateway.call('GET', `/v1/sync-runs/${runId}`),
    (r) => r.status === 200 && r.body.status === 'completed',
    `run ${runId}`,
  );
}

describe('sync leases', () => {
  it('makes a sync of a scheme wait for the one in progress', async () => {
    const lease = `sync:opt-outs:${gateway.schemeId}`;
    expect(await acquireLease(lease, 'another-sync', new Date(), 60_000)).toBe(true);
    let settled = false;
    const sync = gateway.call('POST', `/v1/schemes/${gateway.schemeId}/opt-outs/sync`).finally(() => {
      settled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(settled).toBe(false);
    await releaseLease(lease, 'another-sync');
    expect((await sync).status).toBe(200);
  });

  it('announces an opt-out once when API syncs and a scheduled run overlap', async () => {
    tpp.addOptOut('855969', tppOptOut('lease-1', 'Example'));
    const fired = gateway.runtime.schedules.fire(OPT_OUT_SYNC);
    const answers = await Promise.all(
      [1, 2, 3].map(() => gateway.call('POST', `/v1/schemes/${gateway.schemeId}/opt-outs/sync`)),
    );
    await runToEnd(fired.split(':').pop() as string);
    // Each waited its turn (or, on a very slow machine, was told a sync is in progress); none overlapped.
    for (const { status, body } of answers) {
      expect([200, 409]).toContain(status);
      if (status === 409) expect(body.errors[0].code).toBe('sync-in-progress');
    }
    expect(
      answers.filter((a) => a.status === 200).reduce((n, a) => n + a.body.received, 0),
    ).toBeLessThanOrEqual(1);
    expect(received('lease-1')).toHaveLength(1);
  });

  it('closes a run whose bookkeeping died when the next run of its kind starts, and leaves a live one', async () => {
    const longAgo = new Date(Date.now() - 2 * 60 * 60_000).toISOString();
    await createSyncRun({ runId: 'died-run', kind: 'opt-outs', startedAt: longAgo });
    await createSyncRun({ runId: 'live-run', kind: 'opt-outs', startedAt: new Date().toISOString() });

    const runId = gateway.runtime.schedules.fire(OPT_OUT_SYNC).split(':').pop() as string;
    await runToEnd(runId);

    const died = await gateway.call('GET', '/v1/sync-runs/died-run');
    expect(died.body).toMatchObject({ status: 'abandoned', closedBy: runId, endedAt: expect.any(String) });
    expect((await gateway.call('GET', '/v1/sync-runs/live-run')).body.status).toBe('running');
    expect((await listOpenSyncRuns('opt-outs')).map((run) => run.runId)).toEqual(['live-run']);
  });
});
