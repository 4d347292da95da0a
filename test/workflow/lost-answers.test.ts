import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTppSandbox, type TppSandbox } from '../../sandboxes/tpp/server.ts';
import { submissionForNextPeriod, until, untilFinished, useRunningGateway } from '../support/http.ts';
import { type LocalServer, startLocalServer } from '../support/local-server.ts';

/**
 * TPP direct through a small proxy that loses answers on cue, in front of the TPP sandbox. The sandbox
 * processes a request nobody polls after a while, as TPP does, so a request whose 202 was lost still moves
 * the account on. What TPP took is read from the sandbox's own records.
 */
type Fault = 'lose-answer' | 'drop-request' | { status: number; retryAfter?: string; after?: Promise<void> };
const postFaults: Fault[] = [];
/** While set, TPP's account answers as it last did: its information lags behind its processing. */
let accountFrozen = false;
let lastAccount: { status: number; body: string } | undefined;
const SETTLE_MS = 4_000;
const token = randomBytes(24).toString('base64url');

let sandbox: TppSandbox;
let proxy: LocalServer | undefined;
let proxyUrl: string;

async function forward(request: IncomingMessage, body: string) {
  const headers: Record<string, string> = {};
  for (const name of ['authorization', 'content-type', 'accept']) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  return fetch(`${sandbox.url}${request.url}`, {
    method: request.method,
    headers,
    body: request.method === 'GET' ? undefined : body,
  });
}

beforeAll(async () => {
  sandbox = await startTppSandbox({ port: 0, pollDelayMs: 300, settleUnpolledAfterMs: SETTLE_MS });
  sandbox.addAccessToken(token);
  proxy = await startLocalServer(async (request, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    const isPost = request.method === 'POST' && request.url === '/api/v2/contributions';
    const fault = isPost ? postFaults.shift() : undefined;
    if (fault === 'drop-request') return request.socket.destroy();
    if (typeof fault === 'object') {
      await fault.after;
      response.writeHead(fault.status, {
        'content-type': 'application/vnd.api+json',
        ...(fault.retryAfter ? { 'retry-after': fault.retryAfter } : {}),
      });
      return response.end(JSON.stringify({ errors: [{ status: String(fault.status), title: 'injected' }] }));
    }
    const isAccount = request.method === 'GET' && /^\/api\/v2\/accounts\/[^/]+$/.test(request.url ?? '');
    if (isAccount && accountFrozen && lastAccount) {
      response.writeHead(lastAccount.status, { 'content-type': 'application/vnd.api+json' });
      return response.end(lastAccount.body);
    }
    const answer = await forward(request, body);
    const text = await answer.text();
    if (isAccount) lastAccount = { status: answer.status, body: text };
    // TPP took the request; its answer never comes back.
    if (fault === 'lose-answer') return request.socket.destroy();
    response.writeHead(answer.status, {
      'content-type': answer.headers.get('content-type') ?? 'application/json',
    });
    response.end(text);
  });
  proxyUrl = proxy.origin;
});

afterAll(async () => {
  await proxy?.stop();
  await sandbox?.close();
});

const OUTAGE_WAITS = ['AcquireAccountSlot', 'SubmitContributions', 'GetContributionsStatus'];
const gateway = useRunningGateway(() => ({
  tpp: {
    apiUrl: proxyUrl,
    authUrl: sandbox.url,
    clientId: 'local',
    clientSecret: 'local',
    accessToken: token,
  },
  // The backoff is computed at its real shape but from a small base; the waits themselves are cut short.
  delivery: { retryBaseSeconds: 30, retryMaxSeconds: 1800 },
  stepFunctionsOverrides: {
    waitTimeOverrides: Object.fromEntries(OUTAGE_WAITS.map((name) => [`WaitOut${name}Outage`, 20])),
  },
}));

interface Attempt {
  kind?: string;
  operation: string;
  outcome: string;
  at: string;
  retryAt?: string;
}
const attemptsOf = (submission: { history: Attempt[] }) =>
  submission.history.filter((entry) => entry.kind === 'attempt');
const statusesOf = (submission: { history: Array<{ status?: string }> }) =>
  submission.history.flatMap((entry) => (entry.status ? [entry.status] : []));

/** What TPP did with the requests it took for a period, from the sandbox's own records. */
const stagesFor = (start: string) =>
  sandbox
    .submissions()
    .filter((s) => (s.body as any).data.attributes.payReferencePeriod.start === start)
    .map((s) => s.stage);
const takenFor = (start: string) => stagesFor(start).length;

async function submitNextPeriod() {
  const document = await submissionForNextPeriod(gateway);
  const accepted = await gateway.call('POST', `/v1/schemes/${gateway.schemeId}/submissions`, document);
  expect(accepted.status).toBe(202);
  const submission = await untilFinished(gateway.call, accepted.body.submissionId, 60_000);
  return { submission, period: document.payReferencePeriod as { start: string } };
}

describe('TPP direct: a contributions request reaches TPP once, whatever happens to its answer', () => {
  it('reconciles a lost 202 instead of resending, reads TPP’s in-flight refusal as in flight, and ends processed with the reference unknown', async () => {
    postFaults.push('lose-answer');
    const { submission, period } = await submitNextPeriod();
    // Processed once. A resend that raced TPP finishing the first (read before, arrived after) is taken
    // but refused by TPP's own period check, and the submission is still processed.
    const stages = stagesFor(period.start);
    expect(stages[0]).toBe('processed');
    expect(stages.slice(1).every((stage) => stage === 'failed')).toBe(true);
    expect(stages.length).toBeLessThanOrEqual(2);
    expect(submission.status).toBe('processed');
    expect(submission.providerReferenceUnknown).toBe(true);
    // The only reference the gateway ever heard of is a raced resend's, which TPP refused.
    expect(submission.providerReference).toBe(
      stages.length === 1 ? undefined : sandbox.submissions().find((s) => s.stage === 'failed')?.id,
    );
    expect(statusesOf(submission)).toEqual(['received', 'submitted', 'processed']);
    const attempts = attemptsOf(submission);
    const posts = attempts.filter((a) => a.operation === 'post-contributions').map((a) => a.outcome);
    expect(posts[0]).toBe('unanswered');
    // Later POSTs were refused while the first was in flight (bar the one that may have raced it).
    expect(posts.filter((outcome) => outcome === 'in-flight').length).toBeGreaterThan(0);
    expect(posts.filter((outcome) => outcome !== 'in-flight').length).toBe(stages.length);
    expect(attempts.filter((a) => a.operation === 'reconcile').at(-1)).toMatchObject({
      outcome: 'processed',
    });
  }, 90_000);

  it('a resend TPP took after finishing the lost first request: the poll that hears it failed records processed', async () => {
    postFaults.push('lose-answer');
    const document = await submissionForNextPeriod(gateway);
    const period = document.payReferencePeriod as { start: string };
    const accepted = await gateway.call('POST', `/v1/schemes/${gateway.schemeId}/submissions`, document);
    expect(accepted.status).toBe(202);
    // TPP's account lags behind its processing, so the reconciliation sends again; TPP takes the resend
    // once the first request is done, and refuses it for a period it has processed.
    accountFrozen = true;
    try {
      await until(
        async () => stagesFor(period.start),
        (stages) => stages.length === 2,
        'TPP to take a resend',
      );
    } finally {
      accountFrozen = false;
    }
    const submission = await untilFinished(gateway.call, accepted.body.submissionId, 60_000);
    expect(stagesFor(period.start)).toEqual(['processed', 'failed']);
    expect(submission.status).toBe('processed');
    expect(statusesOf(submission)).toEqual(['received', 'submitted', 'processed']);
    expect(
      attemptsOf(submission)
        .filter((a) => a.operation === 'reconcile')
        .at(-1),
    ).toMatchObject({
      outcome: 'processed',
    });
    await gateway.runtime.stepFunctions.waitForIdle();
    expect((await gateway.call('GET', `/v1/submissions/${accepted.body.submissionId}`)).body.status).toBe(
      'processed',
    );
  }, 90_000);

  it('sends again only when TPP shows the request did not arrive', async () => {
    postFaults.push('drop-request');
    const { submission, period } = await submitNextPeriod();
    expect(takenFor(period.start)).toBe(1);
    expect(submission.status).toBe('processed');
    expect(submission.providerReference).toEqual(expect.any(String));
    const steps = attemptsOf(submission)
      .filter((a) => a.operation === 'post-contributions' || a.operation === 'reconcile')
      .map((a) => `${a.operation}:${a.outcome}`);
    expect(steps).toEqual(['post-contributions:unanswered', 'reconcile:send', 'post-contributions:answered']);
  }, 90_000);

  it('waits out an outage longer than the old retry budget, honouring Retry-After, and sends once', async () => {
    for (let i = 0; i < 10; i++) postFaults.push({ status: 503 });
    postFaults.push({ status: 429, retryAfter: '7200' });
    const { submission, period } = await submitNextPeriod();
    expect(submission.status).toBe('processed');
    expect(takenFor(period.start)).toBe(1);
    const waits = attemptsOf(submission).filter((a) => a.operation === 'wait-out-outage');
    // The old Retry gave up after seven tries.
    expect(waits.length).toBe(11);
    const span = (a: Attempt) => Date.parse(a.retryAt ?? '') - Date.parse(a.at);
    // Growing backoff from the 30 s base, and TPP's two hours when it asked for them.
    expect(span(waits[0] as Attempt)).toBeGreaterThanOrEqual(15_000);
    expect(span(waits[5] as Attempt)).toBeGreaterThan(span(waits[0] as Attempt));
    expect(span(waits[10] as Attempt)).toBeGreaterThanOrEqual(7_200_000);
    const planned = waits.reduce((sum, a) => sum + span(a), 0);
    expect(planned).toBeGreaterThan(30 * 60_000);
  }, 120_000);
});

describe('TPP direct: an account queue cannot strand', () => {
  async function accept(periodsAhead: number) {
    const document = await submissionForNextPeriod(gateway, periodsAhead);
    const accepted = await gateway.call('POST', `/v1/schemes/${gateway.schemeId}/submissions`, document);
    expect(accepted.status).toBe(202);
    return accepted.body.submissionId as string;
  }
  const read = async (id: string) => (await gateway.call('GET', `/v1/submissions/${id}`)).body;

  it('starts the next queued period once TPP moves on, even when the slot was freed before TPP said so', async () => {
    const first = await accept(0);
    const second = await accept(1);
    // TPP processes the first, but its account information still names the first period.
    accountFrozen = true;
    try {
      expect((await untilFinished(gateway.call, first, 60_000)).status).toBe('processed');
      const waiting = await until(
        () => read(second),
        (s) => s.status === 'queued' && s.history.at(-1)?.detail?.startsWith('waiting for the period before'),
        'the second period queued behind a stale expected period',
      );
      // The first period was processed: not a period that will never come.
      expect(waiting.waitingFor).toBeUndefined();
      await gateway.runtime.stepFunctions.waitForIdle();
      expect((await read(second)).status).toBe('queued');
    } finally {
      accountFrozen = false;
    }
    // Nothing else wakes it now: the watchdog's run reads TPP again and starts the due head.
    gateway.runtime.schedules.fire('PensionGateway-QueueWatchdog');
    const done = await untilFinished(gateway.call, second, 60_000);
    expect(done.status).toBe('processed');
    expect(done.history.flatMap((h: { status?: string }) => h.status ?? [])).toEqual([
      'received',
      'queued',
      'submitted',
      'accepted',
      'processed',
    ]);
  }, 120_000);

  it('says what a queued submission waits for when the earlier period will never come, once, as an event', async () => {
    // TPP refuses the first period's credentials (once the second is accepted): it ends in error and
    // never reaches TPP.
    let secondAccepted = () => {};
    postFaults.push({ status: 401, after: new Promise<void>((resolve) => (secondAccepted = resolve)) });
    const first = await accept(0);
    const second = await accept(1);
    secondAccepted();
    const secondDocument = await read(second);
    expect((await untilFinished(gateway.call, first, 60_000)).status).toBe('error');
    const waiting = await until(
      () => read(second),
      (s) => s.waitingFor !== undefined,
      'the second period to say what it waits for',
    );
    const firstPeriod = (await read(first)).payReferencePeriod;
    expect(waiting.status).toBe('queued');
    expect(waiting.waitingFor).toEqual(firstPeriod);
    await gateway.runtime.stepFunctions.waitForIdle();
    gateway.runtime.schedules.fire('PensionGateway-QueueWatchdog');
    await gateway.runtime.stepFunctions.waitForIdle();
    const announced = gateway.runtime.eventBridge
      .events()
      .filter((e) => e.DetailType === 'Submission Waiting For Period');
    expect(announced.map((e) => e.Detail)).toEqual([
      expect.objectContaining({
        submissionId: second,
        payReferencePeriod: secondDocument.payReferencePeriod,
        waitingFor: firstPeriod,
      }),
    ]);
    expect((await read(second)).status).toBe('queued');
  }, 120_000);
});
