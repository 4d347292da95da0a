import { readFileSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import {
  type EmbeddedRuntime,
  type EmbeddedRuntimeOptions,
  startEmbeddedRuntime,
} from '../../infra/local/runtime.ts';
import type { TppSandbox } from '../../sandboxes/tpp/server.ts';

export interface JsonResponse {
  status: number;
  headers: Headers;
  body: any;
}

/** A small JSON client for the gateway's API, as payroll would call it. */
export function gatewayClient(baseUrl: string) {
  return async function call(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<JsonResponse> {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  };
}

export type GatewayCall = ReturnType<typeof gatewayClient>;

/** A fresh copy of the example two-employee submission for the sandbox account's next period. */
export function exampleSubmission() {
  return JSON.parse(readFileSync(new URL('../fixtures/submission.json', import.meta.url), 'utf8'));
}

/**
 * The example submission for a monthly scheme (PensionSync's sandbox schemes are monthly, M1): the same
 * employees, for the calendar month the weekly example's period falls in.
 */
export function monthlyExampleSubmission() {
  const document = exampleSubmission();
  document.payReferencePeriod = { start: '2026-11-01', end: '2026-11-30' };
  return document;
}

const FINAL = new Set(['processed', 'validated', 'failed', 'error', 'rejected', 'cancelled']);

/** A submission's status changes in order; its history also holds provider attempts, which have no status. */
export function statusChanges<E extends { status?: string }>(submission: { history: E[] }): E[] {
  return submission.history.filter((entry) => entry.status !== undefined);
}

/** Reads until `done` holds, within a bounded time; the timeout names what was awaited and the last value. */
export async function until<T>(
  read: () => T | Promise<T>,
  done: (value: T) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** What the customer does in their browser: open PensionSync's authorisation page and decide. */
export async function decideInBrowser(url: string, decision: 'approve' | 'refuse'): Promise<void> {
  const page = await fetch(url);
  if (page.status !== 200 || !(await page.text()).includes('<form'))
    throw new Error(`the authorisation page at ${url} answered ${page.status} without its form`);
  const decided = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `decision=${decision}`,
  });
  if (decided.status !== 200) throw new Error(`deciding "${decision}" at ${url} answered ${decided.status}`);
}

/** Reads a submission until it ends, within a bounded time. */
export async function untilFinished(call: GatewayCall, submissionId: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await call('GET', `/v1/submissions/${submissionId}`);
    if (FINAL.has(body.status)) return body;
    if (Date.now() > deadline)
      throw new Error(`submission ${submissionId} still ${body.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function linkSandboxScheme(call: GatewayCall, employerReference = 'franecki'): Promise<string> {
  const { status, body } = await call('POST', '/v1/schemes', {
    provider: 'TPP',
    route: 'direct',
    employerReference,
    connectionId: 'sandbox',
    accountId: '855969',
  });
  if (status !== 201)
    throw new Error(`linking the sandbox scheme answered ${status}: ${JSON.stringify(body)}`);
  return body.schemeId;
}

export interface RunningGateway {
  runtime: EmbeddedRuntime;
  call: GatewayCall;
  /** A TPP direct scheme linked to the sandbox account through the seeded connection. */
  schemeId: string;
}

/**
 * Starts the embedded runtime for a test file (one per process: the AWS endpoints are process-wide) and
 * links a scheme; stops it after the file. Fields are filled in once `beforeAll` has run. Options may be
 * a function, for a file whose own `beforeAll` (registered first) starts a provider the runtime points at.
 */
export function useRunningGateway(
  options: EmbeddedRuntimeOptions | (() => EmbeddedRuntimeOptions),
): RunningGateway {
  const gateway = {} as RunningGateway;
  beforeAll(async () => {
    gateway.runtime = await startEmbeddedRuntime(typeof options === 'function' ? options() : options);
    gateway.call = gatewayClient(gateway.runtime.url);
    gateway.schemeId = await linkSandboxScheme(gateway.call);
  });
  afterAll(async () => {
    await gateway.runtime?.stop();
  });
  return gateway;
}

/** The example submission for the period TPP expects next for the scheme (read fresh from TPP). */
export async function submissionForNextPeriod(gateway: RunningGateway, periodsAhead = 0) {
  const { body } = await gateway.call('POST', `/v1/schemes/${gateway.schemeId}/refresh`);
  const next = body.details.nextPayReferencePeriod as { start: string; end: string };
  const shift = (date: string) => {
    const day = new Date(`${date}T00:00:00Z`);
    day.setUTCDate(day.getUTCDate() + 7 * periodsAhead);
    return day.toISOString().slice(0, 10);
  };
  const document = exampleSubmission();
  document.payReferencePeriod = { start: shift(next.start), end: shift(next.end) };
  return document;
}

/**
 * Sends a canonical document straight to the TPP sandbox (as TPP's JSON:API body, for account 855969) and
 * reads its error codes: the verdict of a TPP stand-in that shares no code with the gateway.
 */
export async function sandboxVerdict(sandbox: TppSandbox, document: any): Promise<Set<string>> {
  const token = 'direct-to-sandbox';
  sandbox.addAccessToken(token);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const attributes = { accountId: 855969, ...document };
  const posted = await fetch(`${sandbox.url}/api/v2/contributions`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ data: { type: 'contributions', attributes } }),
  });
  if (posted.status !== 202) throw new Error(`the sandbox answered ${posted.status}, not 202`);
  const statusUrl = posted.headers.get('location') as string;
  for (let poll = 0; poll < 20; poll++) {
    const status: any = await (await fetch(statusUrl, { headers })).json();
    if (status.data.attributes.failed) {
      const errors: any = await (await fetch(status.links.errors, { headers })).json();
      return new Set(errors.errors.map((e: { code: string }) => e.code));
    }
    if (status.data.attributes.processed) return new Set();
    await new Promise((resolve) => setTimeout(resolve, 350));
  }
  throw new Error('the sandbox gave no verdict');
}
