import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleSubmission, untilFinished, useRunningGateway } from '../support/http.ts';
import { type LocalServer, startLocalServer } from '../support/local-server.ts';

/**
 * A TPP stand-in that misbehaves on cue: which way depends on the first employee's uniqueId, so each test
 * scripts its own provider. Answers follow the guide's shapes.
 */
type Script = { post: number[]; status: number[]; fails?: boolean };
const scripts: Record<string, Script> = {
  flaky: { post: [503, 202], status: [500, 200] },
  rejected: { post: [202], status: [200], fails: true },
  down: { post: [503], status: [] },
  revoked: { post: [401], status: [] },
};
const calls: Record<string, { post: number; status: number }> = {};
const contributions = new Map<string, string>();

function statusDocument(id: string, fails = false) {
  const attributes = { received: true, validating: true, accepted: !fails, failed: fails, processed: !fails };
  return {
    data: { type: 'contributionsStatus', id, attributes: { ...attributes, nextPollAfter: soon() } },
    links: fails ? { errors: `/api/v2/contributions/${id}/errors` } : {},
  };
}

/** The guide's errors document, against the second employee. */
const ERRORS = {
  errors: [
    {
      id: 'a52b9b7c-2f17-4ea1-8721-6abb0f18fd11',
      code: 'D/B03',
      title: 'The provided gender indicates Female; however provided title indicates Male',
      meta: {
        uniqueId: 'rejected-2',
        providedValue: 'F',
        expectedValue: '',
        employeeIndex: '1',
        category: 'DetailsRecord',
      },
      links: { about: 'https://developer.peoplespartnership.co.uk/errors/d-b03/' },
    },
  ],
};
const soon = () => new Date(Date.now() + 200).toISOString().replace(/\.\d+Z$/, 'Z');
/** The answer for the nth call, the last one repeating. */
const nth = (codes: number[], n: number) => codes[Math.min(n, codes.length - 1)] ?? 500;

let tpp: LocalServer | undefined;
let origin: string;

beforeAll(async () => {
  tpp = await startLocalServer(async (request, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    const send = (status: number, document: unknown) => {
      response.writeHead(status, { 'content-type': 'application/vnd.api+json' });
      response.end(JSON.stringify(document));
    };
    const url = request.url ?? '';
    if (url.startsWith('/api/v2/accounts/')) return send(200, { data: { id: '855969', attributes: {} } });
    if (url === '/api/v2/contributions') {
      const script = JSON.parse(body).data.attributes.employees[0].uniqueId as string;
      calls[script] ??= { post: 0, status: 0 };
      const counter = calls[script];
      const code = nth(scripts[script]?.post ?? [], counter.post++);
      if (code !== 202) return send(code, { errors: [{ status: String(code), title: 'scripted failure' }] });
      const id = randomUUID();
      contributions.set(id, script);
      const document = statusDocument(id);
      document.data.attributes = {
        ...document.data.attributes,
        validating: false,
        accepted: false,
        processed: false,
      };
      return send(202, document);
    }
    const id = /^\/api\/v2\/contributions\/([^/]+)\/status$/.exec(url)?.[1];
    const script = id ? contributions.get(id) : undefined;
    if (id && script) {
      const counter = calls[script] as { status: number };
      const code = nth(scripts[script]?.status ?? [], counter.status++);
      return code === 200
        ? send(200, statusDocument(id, scripts[script]?.fails))
        : send(code, { errors: [{ title: 'scripted failure' }] });
    }
    if (url.endsWith('/errors')) return send(200, ERRORS);
    send(404, { errors: [{ title: 'not found' }] });
  });
  origin = tpp.origin;
});

afterAll(async () => {
  await tpp?.stop();
});

const gateway = useRunningGateway(() => ({
  tpp: { apiUrl: origin, authUrl: origin, clientId: 'id', clientSecret: 'secret', accessToken: 'token' },
  stepFunctionsOverrides: {
    waitTimeOverrides: { WaitOutSubmitContributionsOutage: 10, WaitOutGetContributionsStatusOutage: 10 },
  },
}));

async function submitAs(
  script: string,
  period?: { start: string; end: string },
  schemeId = gateway.schemeId,
) {
  const document = exampleSubmission();
  document.employees[0].uniqueId = script;
  if (period) document.payReferencePeriod = period;
  const accepted = await gateway.call('POST', `/v1/schemes/${schemeId}/submissions`, document);
  expect(accepted.status).toBe(202);
  return untilFinished(gateway.call, accepted.body.submissionId);
}

describe('when the provider misbehaves, every accepted submission still reaches an end state', () => {
  it('retries transient provider errors and still reaches processed', async () => {
    const submission = await submitAs('flaky');
    expect(submission.status).toBe('processed');
    expect(calls.flaky).toEqual({ post: 2, status: 2 });
    // The audit trail keeps the refused exchanges as well as the answered ones, each with its status.
    const trail = await gateway.call('GET', `/v1/submissions/${submission.submissionId}/documents`);
    const exchanges = trail.body.exchanges.map((e: { operation: string; httpStatus: number }) => [
      e.operation,
      e.httpStatus,
    ]);
    expect(exchanges.filter(([operation]: [string]) => operation !== 'get-account')).toEqual([
      ['post-contributions', 503],
      ['post-contributions', 202],
      ['get-contributions-status', 500],
      ['get-contributions-status', 200],
    ]);
  });

  it('waits out unavailability until the payment deadline, then records error with the provider’s answer', async () => {
    // An account of its own: its POST went unanswered, so TPP may still be busy with it and the account's
    // slot stays taken (TPP names no expected period here to show otherwise).
    const linked = await gateway.call('POST', '/v1/schemes', {
      provider: 'TPP',
      route: 'direct',
      employerReference: 'down',
      connectionId: 'sandbox',
      accountId: '900001',
    });
    expect(linked.status).toBe(201);
    // A period whose payment deadline (the 22nd of the month after it) has passed: no time to wait.
    const submission = await submitAs(
      'down',
      { start: '2025-01-06', end: '2025-01-12' },
      linked.body.schemeId,
    );
    expect(submission.status).toBe('error');
    expect(submission.failureReason).toMatch(
      /^OutageOutlastedDeadlineError: TPP POST \/api\/v2\/contributions answered 503.*payment deadline 2025-02-23T00:00:00.000Z.*may have reached the provider/,
    );
    expect(calls.down?.post).toBe(1);
    const statuses = submission.history.flatMap((entry: { status?: string }) =>
      entry.status ? [entry.status] : [],
    );
    expect(statuses).toEqual(['received', 'error']);
  });

  it('branches to error retrieval when TPP fails the submission, and frees the account', async () => {
    const submission = await submitAs('rejected');
    expect(submission.status).toBe('failed');
    expect(submission.errors).toEqual([
      expect.objectContaining({
        code: 'D/B03',
        uniqueId: 'rejected-2',
        employeeIndex: 1,
        source: 'provider',
      }),
    ]);
    await gateway.runtime.stepFunctions.waitForIdle();
    const execution = gateway.runtime.stepFunctions
      .executions()
      .find((e) => e.name === submission.submissionId);
    const visited = gateway.runtime.stepFunctions
      .history(execution?.executionArn ?? '')
      .filter((e) => e.type === 'StateEntered')
      .map((e) => (e as any).state.name);
    expect(visited.slice(-4)).toEqual([
      'GetContributionsErrors',
      'GetContributionsErrorsUnavailable?',
      'RecordFailed',
      'ReleaseAccountSlot',
    ]);
    const trail = await gateway.call('GET', `/v1/submissions/${submission.submissionId}/documents`);
    expect(trail.body.documents.map((d: { name: string }) => d.name)).toEqual([
      'received',
      'canonical',
      'sent',
      'provider-errors',
    ]);
    expect(trail.body.exchanges.at(-1)).toMatchObject({
      operation: 'get-contributions-errors',
      httpStatus: 200,
    });
  });

  it('does not retry a refused authorisation', async () => {
    const submission = await submitAs('revoked');
    expect(submission.status).toBe('error');
    expect(submission.failureReason).toMatch(/^ProviderAuthorisationError/);
    expect(calls.revoked?.post).toBe(1);
  });
});
