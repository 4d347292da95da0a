import { createHash, randomUUID } from 'node:crypto';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecutionEvent, ExecutionRecord } from '../../infra/local/step-functions.ts';
import {
  DEFAULT_CONSUMERS,
  type PensionSyncSandbox,
  startPensionSyncSandbox,
} from '../../sandboxes/pensionsync/server.ts';
import {
  decideInBrowser,
  monthlyExampleSubmission,
  until,
  untilFinished,
  useRunningGateway,
} from '../support/http.ts';
import { type LocalServer, startLocalServer } from '../support/local-server.ts';

/**
 * The synthesized SubmissionWorkflow's PensionSync branch and the SchemeAuthorisationWorkflow, run by
 * aws-local-stepfunctions with the real functions against the PensionSync sandbox, judged from the
 * interpreter's own event log. Job polls keep their real waits (the gateway's backoff); only the
 * authorisation checks' waits are shortened, by state name, and the retry interval of SubmitPass.
 *
 * The gateway reaches the sandbox through a pass-through proxy, which can answer one PASS submission
 * with a 503 after the sandbox took it: what a timeout or a load balancer's error looks like to the
 * gateway when PensionSync did receive the document.
 */

/**
 * A job is delivered 4 steps after PensionSync makes it: 7 s, past the first poll (5 to 6 s after the submit,
 * rounded up to the second), so every job here is polled at least twice.
 */
const JOB_STEP_MS = 1_750;
/** The gateway's first PensionSync poll, and the floor of every later one (domain/poll-schedule). */
const MIN_POLL_GAP_MS = 5_000;
/** Timestamps in the state are whole seconds rounded up (domain/dates toTimestamp). */
const TIMESTAMP_ROUNDING_MS = 1_000;
/**
 * The local interpreter ends a Wait with a Node timer, which may fire up to a millisecond before the wall
 * clock reaches the timestamp (Step Functions never does). TPP's own time is protected by POLL_MARGIN_MS;
 * the gateway's backoff has no provider time to protect, so these checks allow the timer its slack.
 */
const TIMER_SLACK_MS = 2;
/** A check's time is read from its StateExited event, a moment after the function read the clock. */
const CHECK_EXIT_LAG_MS = 100;

let sandbox: PensionSyncSandbox;
let proxy: LocalServer | undefined;
let proxyOrigin: string;

interface ProxiedSubmit {
  documentId: string;
  bodySha256: string;
  /** What the sandbox answered. */
  upstreamStatus: number;
  /** What the gateway was told. */
  answeredStatus: number;
}
const passSubmits: ProxiedSubmit[] = [];
/** Set by a test: the next PASS submission to this destination reaches the sandbox, but the gateway is answered 503. */
let failNextPassSubmitTo: string | undefined;

function forward(
  method: string,
  path: string,
  headers: IncomingHttpHeaders,
  body: Buffer,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  const upstream = new URL(sandbox.url);
  return new Promise((resolve, reject) => {
    // The Host header goes through unchanged: the sandbox checks the OAuth signature against it.
    const outgoing = httpRequest(
      { host: upstream.hostname, port: upstream.port, method, path, headers },
      async (response) => {
        const chunks: Buffer[] = [];
        for await (const chunk of response) chunks.push(chunk as Buffer);
        resolve({
          status: response.statusCode ?? 502,
          headers: response.headers,
          body: Buffer.concat(chunks),
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

beforeAll(async () => {
  sandbox = await startPensionSyncSandbox({ jobStepMs: JOB_STEP_MS });
  proxy = await startLocalServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const path = req.url ?? '/';
    const method = req.method ?? 'GET';
    try {
      const answer = await forward(method, path, req.headers, body);
      const url = new URL(path, 'http://proxy');
      if (method === 'POST' && url.pathname.startsWith('/api/membermaintenance_and_contributions/')) {
        const destination = decodeURIComponent(url.pathname.split('/').at(-1) ?? '');
        const fail = failNextPassSubmitTo === destination && answer.status < 300;
        if (fail) failNextPassSubmitTo = undefined;
        passSubmits.push({
          documentId: url.searchParams.get('documentId') ?? '',
          bodySha256: createHash('sha256').update(body).digest('hex'),
          upstreamStatus: answer.status,
          answeredStatus: fail ? 503 : answer.status,
        });
        if (fail) {
          res.writeHead(503, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ message: 'upstream timed out' }));
          return;
        }
      }
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
    } catch (error) {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(String(error));
    }
  });
  proxyOrigin = proxy.origin;
});

afterAll(async () => {
  await proxy?.stop();
  await sandbox?.close();
});

const [[consumerKey, consumerSecret]] = Object.entries(DEFAULT_CONSUMERS) as [[string, string]];
const gateway = useRunningGateway(() => ({
  pensionSync: { apiUrl: proxyOrigin, consumerKey, consumerSecret },
  stepFunctionsOverrides: {
    waitTimeOverrides: { WaitBeforeAuthorisationCheck: 100, WaitOutSubmitPassOutage: 10 },
  },
}));

type StateEvent = ExecutionEvent & { state: { name: string; input: any; output?: any } };

function stateEvents(
  executionArn: string,
  type: 'StateEntered' | 'StateExited' | 'StateRetried',
  name: string,
): StateEvent[] {
  return gateway.runtime.stepFunctions
    .history(executionArn)
    .filter((e): e is StateEvent => e.type === type && (e as StateEvent).state?.name === name);
}

/** The executions of a workflow named `name`, or named after it (`<name>.<n>` for a resumed submission). */
function executionsNamed(workflow: string, name: string): ExecutionRecord[] {
  return gateway.runtime.stepFunctions
    .executions()
    .filter(
      (e) =>
        e.stateMachineArn.endsWith(`:stateMachine:PensionGateway-${workflow}`) &&
        (e.name === name || e.name.startsWith(`${name}.`)),
    );
}

async function ended(workflow: string, name: string): Promise<ExecutionRecord> {
  const [execution] = await until(
    () => executionsNamed(workflow, name),
    (found) => found.length > 0 && found.every((e) => e.status !== 'RUNNING'),
    `${workflow} execution ${name} to end`,
    30_000,
  );
  return execution as ExecutionRecord;
}

let references = 0;
async function linkPendingScheme(destination: string) {
  references += 1;
  const created = await gateway.call('POST', '/v1/intermediaries', {
    name: 'Franecki Payroll Bureau',
    reference: `WF-${references}-${randomUUID().slice(0, 8)}`,
  });
  expect(created.status).toBe(201);
  const intermediaryId = created.body.intermediaryId as string;
  const employerReference = `EMP-${destination}-WF-${references}`;
  const linked = await gateway.call('POST', '/v1/schemes', {
    provider: destination,
    route: 'pensionsync',
    employerReference,
    intermediaryId,
  });
  expect(linked.status).toBe(201);
  expect(linked.body.authorisation).toMatchObject({ status: 'pending' });
  return {
    schemeId: linked.body.schemeId as string,
    authorisationUrl: linked.body.authorisation.url as string,
    intermediaryId,
    employerReference,
  };
}

async function readScheme(schemeId: string) {
  const { status, body } = await gateway.call('GET', `/v1/schemes/${schemeId}`);
  expect(status).toBe(200);
  return body;
}

async function linkAuthorisedScheme(destination: string) {
  const linked = await linkPendingScheme(destination);
  await decideInBrowser(linked.authorisationUrl, 'approve');
  await until(
    () => readScheme(linked.schemeId),
    (s) => s.authorisation.status === 'authorised' && s.details !== undefined,
    `${destination} authorisation`,
  );
  await ended('SchemeAuthorisationWorkflow', linked.schemeId);
  return linked;
}

function authorisationEvents(schemeId: string) {
  return gateway.runtime.eventBridge
    .events()
    .filter(
      (e) =>
        e.DetailType === 'Scheme Authorisation Changed' &&
        (e.Detail as { schemeId?: string }).schemeId === schemeId,
    );
}

const documentIdOf = (submissionId: string) => `PG-${submissionId}`;
const jobsOf = (submissionId: string) =>
  sandbox.jobs().filter((j) => j.documentId === documentIdOf(submissionId));
const deliveriesOf = (submissionId: string) =>
  sandbox.deliveries().filter((d) => d.documentId === documentIdOf(submissionId));
const passSubmitsOf = (submissionId: string) =>
  passSubmits.filter((s) => s.documentId === documentIdOf(submissionId));

// Concurrent: each test has a scheme (and destination) of its own, and is judged by its own execution.
describe.concurrent('SubmissionWorkflow, PensionSync branch, on the embedded interpreter', () => {
  /** One PASS submission, run to its end with real poll waits; the three tests below judge its log. */
  let passRun: Promise<{ submission: any; execution: ExecutionRecord; document: any }> | undefined;
  const runPass = () => {
    passRun ??= (async () => {
      const scheme = await linkAuthorisedScheme('AVC');
      const document = monthlyExampleSubmission();
      const accepted = await gateway.call('POST', `/v1/schemes/${scheme.schemeId}/submissions`, document);
      expect(accepted.status).toBe(202);
      const submission = await untilFinished(gateway.call, accepted.body.submissionId, 45_000);
      const execution = await ended('SubmissionWorkflow', submission.submissionId);
      return { submission, execution, document };
    })();
    return passRun;
  };

  it('PASS: never polls the job before the nextPollAfter in the poll’s input (within the timer’s slack)', async () => {
    const { execution } = await runPass();
    const polls = stateEvents(execution.executionArn, 'StateEntered', 'GetJob');
    expect(polls.length).toBeGreaterThan(0);
    for (const [i, poll] of polls.entries()) {
      const due = Date.parse(poll.state.input.nextPollAfter);
      expect(poll.timestamp, `poll ${i + 1}, due ${poll.state.input.nextPollAfter}`).toBeGreaterThanOrEqual(
        due - TIMER_SLACK_MS,
      );
    }
  });

  it('PASS: first polls 5 s after the submit, then never closer than 5 s, each at the time the step before set, until processed', async () => {
    const { submission, execution } = await runPass();
    expect(submission.status).toBe('processed');
    expect(execution.status).toBe('SUCCEEDED');
    const arn = execution.executionArn;

    // PASS (the scheme's default format) through Route? and Format?, and nothing of the TPP branch.
    expect(stateEvents(arn, 'StateEntered', 'SubmitPass')).toHaveLength(1);
    expect(stateEvents(arn, 'StateEntered', 'SubmitPapdis')).toHaveLength(0);
    expect(stateEvents(arn, 'StateEntered', 'AcquireAccountSlot')).toHaveLength(0);
    // The poll that saw the job delivered recorded `processed` itself: no step after it writes again.
    expect(stateEvents(arn, 'StateEntered', 'JobProcessed')).toHaveLength(1);
    expect(stateEvents(arn, 'StateEntered', 'RecordJobProcessed')).toHaveLength(0);

    const polls = stateEvents(arn, 'StateEntered', 'GetJob');
    // The job takes 4 steps of JOB_STEP_MS to be delivered, longer than the first wait.
    expect(4 * JOB_STEP_MS).toBeGreaterThan(MIN_POLL_GAP_MS + TIMESTAMP_ROUNDING_MS);
    expect(polls.length).toBeGreaterThanOrEqual(2);
    // Each poll waits for the time set by the step before it.
    const submitted = stateEvents(arn, 'StateExited', 'SubmitPass')[0] as StateEvent;
    const answers = [submitted, ...stateEvents(arn, 'StateExited', 'GetJob')];
    polls.forEach((poll, i) => {
      expect(poll.state.input.nextPollAfter).toBe(answers[i]?.state.output.nextPollAfter);
    });

    // The submit: when the gateway recorded it, and when PensionSync made the job.
    const [job] = jobsOf(submission.submissionId);
    expect(job).toMatchObject({ kind: 'pass', status: 'Delivered', destinationId: 'AVC' });
    const submittedAt = Date.parse(submitted.state.output.submittedAt);
    const firstPoll = (polls[0] as StateEvent).timestamp;
    expect(firstPoll - submittedAt).toBeGreaterThanOrEqual(MIN_POLL_GAP_MS - TIMER_SLACK_MS);
    expect(firstPoll - Date.parse(job?.createdAt as string)).toBeGreaterThanOrEqual(
      MIN_POLL_GAP_MS - TIMER_SLACK_MS,
    );
    // Rounded up to the whole second, and not much later than asked.
    expect(firstPoll - submittedAt).toBeLessThan(MIN_POLL_GAP_MS + TIMESTAMP_ROUNDING_MS + 2_000);
    for (let i = 1; i < polls.length; i++) {
      const gap = (polls[i] as StateEvent).timestamp - (polls[i - 1] as StateEvent).timestamp;
      expect(gap, `gap before poll ${i + 1}`).toBeGreaterThanOrEqual(MIN_POLL_GAP_MS - TIMER_SLACK_MS);
    }
    expect(submission.providerReference).toBe(job?.id);
    expect(deliveriesOf(submission.submissionId)).toHaveLength(1);
  });

  it('PASS: carries ids and timestamps between states, never the payroll', async () => {
    const { execution, document } = await runPass();
    // No one's name or NI number, and small.
    const personal = document.employees.flatMap((e: any) => [e.surname, e.forename, e.niNumber]);
    const events = gateway.runtime.stepFunctions.history(execution.executionArn) as StateEvent[];
    expect(events.filter((e) => e.state).length).toBeGreaterThan(0);
    for (const event of events) {
      if (!event.state) continue;
      for (const carried of [event.state.input, event.state.output ?? null]) {
        const text = JSON.stringify(carried);
        for (const value of personal) expect(text, `${event.type} ${event.state.name}`).not.toContain(value);
        expect(text.length, `${event.type} ${event.state.name}`).toBeLessThan(2_000);
      }
    }
  });

  it('a SubmitPass retried after PensionSync took the document sends the same bytes, and PensionSync makes one job', async () => {
    const scheme = await linkAuthorisedScheme('SMP');
    failNextPassSubmitTo = 'SMP';
    const accepted = await gateway.call(
      'POST',
      `/v1/schemes/${scheme.schemeId}/submissions`,
      monthlyExampleSubmission(),
    );
    expect(accepted.status).toBe(202);
    const submission = await untilFinished(gateway.call, accepted.body.submissionId, 45_000);
    const execution = await ended('SubmissionWorkflow', submission.submissionId);
    expect(failNextPassSubmitTo).toBeUndefined();
    expect(submission.status).toBe('processed');
    expect(execution.status).toBe('SUCCEEDED');

    // The first attempt reached PensionSync, but the gateway saw a 503; after the outage wait it sent again.
    const sent = passSubmitsOf(submission.submissionId);
    expect(sent.map((s) => [s.upstreamStatus, s.answeredStatus])).toEqual([
      [202, 503],
      [200, 200],
    ]);
    expect(sent[1]?.bodySha256).toBe(sent[0]?.bodySha256);
    expect(stateEvents(execution.executionArn, 'StateRetried', 'SubmitPass')).toHaveLength(0);
    expect(stateEvents(execution.executionArn, 'StateEntered', 'WaitOutSubmitPassOutage')).toHaveLength(1);
    expect(stateEvents(execution.executionArn, 'StateExited', 'SubmitPass')).toHaveLength(2);
    expect(stateEvents(execution.executionArn, 'StateEntered', 'RecordPensionSyncError')).toHaveLength(0);

    // One job, delivered once, and it is the one the gateway follows.
    const jobs = jobsOf(submission.submissionId);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ status: 'Delivered', kind: 'pass' });
    expect(submission.providerReference).toBe(jobs[0]?.id);
    expect(deliveriesOf(submission.submissionId)).toHaveLength(1);
  });

  it('re-posting the submission with its Idempotency-Key, while it runs and after, starts nothing and sends nothing again', async () => {
    const scheme = await linkAuthorisedScheme('NST');
    const document = monthlyExampleSubmission();
    const key = { 'idempotency-key': `wf-${randomUUID()}` };
    const path = `/v1/schemes/${scheme.schemeId}/submissions`;
    const first = await gateway.call('POST', path, document, key);
    expect(first.status).toBe(202);
    const submissionId = first.body.submissionId as string;

    const replay = async () => {
      const again = await gateway.call('POST', path, document, key);
      expect(again.status).toBe(202);
      expect(again.body.submissionId).toBe(submissionId);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      return again.body;
    };
    // At once, again once PensionSync has the document and is being polled, and after the end.
    await replay();
    await until(
      () => gateway.call('GET', `/v1/submissions/${submissionId}`),
      (r) => ['submitted', 'accepted'].includes(r.body.status),
      'the submission to be submitted',
    );
    await replay();
    const submission = await untilFinished(gateway.call, submissionId, 45_000);
    expect(submission.status).toBe('processed');
    await ended('SubmissionWorkflow', submissionId);
    expect((await replay()).status).toBe('processed');

    const executions = executionsNamed('SubmissionWorkflow', submissionId);
    expect(executions.map((e) => [e.name, e.status])).toEqual([[submissionId, 'SUCCEEDED']]);
    const arn = (executions[0] as ExecutionRecord).executionArn;
    expect(stateEvents(arn, 'StateEntered', 'SubmitPass')).toHaveLength(1);
    expect(passSubmitsOf(submissionId)).toHaveLength(1);
    expect(jobsOf(submissionId)).toHaveLength(1);
    expect(deliveriesOf(submissionId)).toHaveLength(1);
  });
});

describe('SchemeAuthorisationWorkflow on the embedded interpreter', () => {
  type Check = { exited: StateEvent; output: any };
  const checksOf = (arn: string): Check[] =>
    stateEvents(arn, 'StateExited', 'CheckScopeAuthorization').map((exited) => ({
      exited,
      output: exited.state.output,
    }));

  it('checks while the link is pending, further apart each time, and ends once the customer approves', async () => {
    const scheme = await linkPendingScheme('LGS');
    const [execution] = executionsNamed('SchemeAuthorisationWorkflow', scheme.schemeId);
    expect(execution).toBeDefined();
    const arn = (execution as ExecutionRecord).executionArn;
    const input = JSON.parse((execution as ExecutionRecord).input);
    expect(input).toMatchObject({ schemeId: scheme.schemeId, attempt: 0 });

    // Left pending for a few checks, then approved.
    await until(
      () => checksOf(arn),
      (checks) => checks.length >= 3,
      'three checks',
    );
    expect((await readScheme(scheme.schemeId)).authorisation.status).toBe('pending');
    await decideInBrowser(scheme.authorisationUrl, 'approve');
    const done = await ended('SchemeAuthorisationWorkflow', scheme.schemeId);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output as string)).toMatchObject({
      schemeId: scheme.schemeId,
      status: 'authorised',
      done: true,
    });

    const checks = checksOf(arn);
    expect(checks.length).toBeGreaterThanOrEqual(4);
    const pending = checks.slice(0, -1);
    const last = checks.at(-1) as Check;
    for (const [i, check] of pending.entries()) {
      expect(check.output, `check ${i + 1}`).toMatchObject({
        status: 'pending',
        done: false,
        attempt: i + 1,
      });
    }
    expect(last.output).toMatchObject({ status: 'authorised', done: true, attempt: checks.length });
    expect(last.output.nextCheckAt).toBeUndefined();
    // Each check is given what the one before answered.
    const entered = stateEvents(arn, 'StateEntered', 'CheckScopeAuthorization');
    expect(entered).toHaveLength(checks.length);
    expect(entered[0]?.state.input).toEqual(input);
    for (let i = 1; i < entered.length; i++) expect(entered[i]?.state.input).toEqual(checks[i - 1]?.output);

    // When the next check is due: later with each check, and the wait it stands for never shrinks. The link's
    // own first wait counts too. Timestamps are rounded up to whole seconds, hence the tolerance; and as the
    // waits are cut to 100 ms here, the first check may fall in the link's second and set the same time (in
    // real time it runs a minute later).
    const due = [input.nextCheckAt, ...pending.map((c) => c.output.nextCheckAt)].map((t) => Date.parse(t));
    expect(due[1]).toBeGreaterThanOrEqual(due[0] as number);
    for (let i = 2; i < due.length; i++) {
      expect(due[i], `nextCheckAt after check ${i}`).toBeGreaterThan(due[i - 1] as number);
    }
    const intervals = [
      (due[0] as number) - Date.parse(input.linkedAt),
      ...pending.map((c, i) => (due[i + 1] as number) - c.exited.timestamp),
    ];
    expect(intervals[0]).toBeGreaterThanOrEqual(60_000);
    for (let i = 1; i < intervals.length; i++) {
      expect(intervals[i], `interval ${i + 1} of ${JSON.stringify(intervals)}`).toBeGreaterThanOrEqual(
        (intervals[i - 1] as number) - TIMESTAMP_ROUNDING_MS - CHECK_EXIT_LAG_MS,
      );
    }
    // They grow: each ceiling doubles, and no wait is shorter than half its ceiling.
    expect(intervals.at(-1)).toBeGreaterThan(intervals[0] as number);

    const shown = await readScheme(scheme.schemeId);
    expect(shown.authorisation.status).toBe('authorised');
    expect(shown.details).toBeDefined();
    expect(shown.details.workerGroups.length).toBeGreaterThan(0);
    expect(authorisationEvents(scheme.schemeId).map((e) => e.Detail)).toMatchObject([
      { schemeId: scheme.schemeId, from: 'pending', to: 'authorised', provider: 'LGS', route: 'pensionsync' },
    ]);
  });

  it('ends refused when the customer refuses, and the scheme shows refused', async () => {
    const scheme = await linkPendingScheme('NOW');
    const [execution] = executionsNamed('SchemeAuthorisationWorkflow', scheme.schemeId);
    const arn = (execution as ExecutionRecord).executionArn;
    await until(
      () => checksOf(arn),
      (checks) => checks.length >= 1,
      'a first check',
    );
    await decideInBrowser(scheme.authorisationUrl, 'refuse');
    const done = await ended('SchemeAuthorisationWorkflow', scheme.schemeId);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output as string)).toMatchObject({ status: 'refused', done: true });
    const last = checksOf(arn).at(-1) as Check;
    expect(last.output).toMatchObject({ status: 'refused', done: true });
    expect(stateEvents(arn, 'StateEntered', 'AuthorisationSettled')).toHaveLength(1);

    const shown = await readScheme(scheme.schemeId);
    expect(shown.authorisation.status).toBe('refused');
    expect(authorisationEvents(scheme.schemeId).map((e) => e.Detail)).toMatchObject([
      { schemeId: scheme.schemeId, from: 'pending', to: 'refused' },
    ]);
  });
});
