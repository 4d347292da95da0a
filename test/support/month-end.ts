import { randomBytes } from 'node:crypto';
import type { EmbeddedRuntime, EmbeddedRuntimeOptions } from '../../infra/local/runtime.ts';
import {
  DEFAULT_CONSUMERS,
  type PensionSyncSandbox,
  startPensionSyncSandbox,
} from '../../sandboxes/pensionsync/server.ts';
import { franeckiGroupWeekly } from '../../sandboxes/tpp/accounts.ts';
import { startTppSandbox, type TppAccount, type TppSandbox } from '../../sandboxes/tpp/server.ts';
import { type FaultKind, type FaultProxy, type FaultRule, startFaultProxy } from './fault-proxy.ts';
import { exampleSubmission, type GatewayCall, type JsonResponse } from './http.ts';
import { type ScopeApprover, seedPensionSyncSchemes } from './seed-schemes.ts';

/**
 * A payroll company's month-end under provider faults, shared by the fault tier (test/faults/) and the
 * bench: both sandboxes behind seeded fault proxies, a burst of consecutive periods on many TPP accounts and
 * PensionSync schemes, and a verdict judged from the sandboxes' own records, not from the gateway's word.
 */

export interface Period {
  start: string;
  end: string;
}

/** Weekly TPP accounts like Franecki Group's, each expecting 2-8 Nov 2026 next. */
export function weeklyAccounts(count: number, firstId: number): TppAccount[] {
  return Array.from({ length: count }, (_, i) => ({
    ...structuredClone(franeckiGroupWeekly),
    id: String(firstId + i),
    accountName: `Month-end Employer ${firstId + i}`,
  }));
}

/** The `count` weekly periods from 2-8 Nov 2026, each following the one before. */
export function weeklyPeriods(
  count: number,
  first: Period = franeckiGroupWeekly.nextPayReferencePeriod,
): Period[] {
  const shift = (date: string, days: number) => {
    const day = new Date(`${date}T00:00:00Z`);
    day.setUTCDate(day.getUTCDate() + days);
    return day.toISOString().slice(0, 10);
  };
  return Array.from({ length: count }, (_, i) => ({
    start: shift(first.start, 7 * i),
    end: shift(first.end, 7 * i),
  }));
}

export interface FaultyProviders {
  tpp: TppSandbox;
  tppProxy: FaultProxy;
  pensionSync: PensionSyncSandbox;
  pensionSyncProxy: FaultProxy;
  /** The runtime's provider endpoints: both providers through their proxies. */
  endpoints: Required<Pick<EmbeddedRuntimeOptions, 'tpp' | 'pensionSync'>>;
  /** A token the sandbox takes, for reading its own records over its API. */
  tppToken: string;
  close(): Promise<void>;
}

export interface FaultyProvidersOptions {
  seed: number;
  accounts: TppAccount[];
  tppPollDelayMs?: number;
  jobStepMs?: number;
  retryAfterSeconds?: number;
  slowMs?: number;
  hangMs?: number;
}

/** Both sandboxes, each behind a fault proxy that forwards everything until its rules are set. */
export async function startFaultyProviders(options: FaultyProvidersOptions): Promise<FaultyProviders> {
  const tpp = await startTppSandbox({
    accounts: options.accounts,
    pollDelayMs: options.tppPollDelayMs ?? 200,
    // As TPP does, work through a request whose answer was lost, though nobody polls it.
    settleUnpolledAfterMs: 1_000,
  });
  const pensionSync = await startPensionSyncSandbox({ jobStepMs: options.jobStepMs ?? 30 });
  const proxyOptions = {
    retryAfterSeconds: options.retryAfterSeconds ?? 1,
    slowMs: options.slowMs ?? 300,
    hangMs: options.hangMs ?? 500,
  };
  const tppProxy = await startFaultProxy({ target: tpp.url, seed: options.seed, ...proxyOptions });
  const pensionSyncProxy = await startFaultProxy({
    target: pensionSync.url,
    seed: options.seed + 1,
    ...proxyOptions,
  });
  const tppToken = randomBytes(24).toString('base64url');
  tpp.addAccessToken(tppToken);
  const [[consumerKey, consumerSecret]] = Object.entries(DEFAULT_CONSUMERS) as [[string, string]];
  return {
    tpp,
    tppProxy,
    pensionSync,
    pensionSyncProxy,
    tppToken,
    endpoints: {
      tpp: {
        apiUrl: tppProxy.url,
        authUrl: tppProxy.url,
        clientId: 'local',
        clientSecret: 'local',
        accessToken: tppToken,
      },
      pensionSync: { apiUrl: pensionSyncProxy.url, consumerKey, consumerSecret },
    },
    close: async () => {
      for (const server of [tppProxy, pensionSyncProxy, tpp, pensionSync]) await server.close();
    },
  };
}

/**
 * The TPP faults of the issue's month-end: a quarter of contributions answers lost after TPP took them
 * (reset after forwarding), a few more lost as a 5xx after forwarding, and throttling and resets before
 * sending; every other TPP call faulted at `otherRate` with every class.
 */
export function tppMonthEndRules(otherRate: number): FaultRule[] {
  return [
    {
      method: 'POST',
      path: /^\/api\/v2\/contributions$/,
      rate: 0.4,
      kinds: { 'reset-after': 5, 'server-error-after': 1, throttle: 1, 'reset-before': 1 },
    },
    { path: '/api/v2/', rate: otherRate, kinds: EVERY_KIND },
  ];
}

/** Every fault class alike. */
export const EVERY_KIND: Partial<Record<FaultKind, number>> = {
  throttle: 1,
  'server-error': 1,
  'server-error-after': 1,
  slow: 1,
  'reset-before': 1,
  'reset-after': 1,
  hang: 1,
};

/**
 * PensionSync's API (not its browser pages): document submissions faulted at twice `rate`, mostly answers
 * lost after PensionSync took the document (its documentId must make the resend safe); every other call
 * with every class at `rate`.
 */
export function pensionSyncRules(rate: number): FaultRule[] {
  return [
    {
      method: 'POST',
      path: /^\/api\/(submission|membermaintenance_and_contributions)\//,
      rate: Math.min(1, 2 * rate),
      kinds: { 'reset-after': 2, 'server-error-after': 1, hang: 1, throttle: 1 },
    },
    { path: '/api/', rate, kinds: EVERY_KIND },
  ];
}

/**
 * The outage backoff (50 ms doubling to 0.5 s, Retry-After still honoured), retry intervals and job-poll
 * waits shortened, so a run under faults takes seconds; what is waited for, and how often, is unchanged
 * (the workflow tier checks the real lengths).
 */
export const SHORTENED_WAITS: Pick<EmbeddedRuntimeOptions, 'stepFunctionsOverrides' | 'delivery'> = {
  delivery: { retryBaseSeconds: 0.05, retryMaxSeconds: 0.5 },
  stepFunctionsOverrides: {
    waitTimeOverrides: { WaitBeforeJobPoll: 50, WaitBeforeAuthorisationCheck: 60_000 },
    retryIntervalOverrides: Object.fromEntries(
      [
        'AcquireAccountSlot',
        'SubmitContributions',
        'GetContributionsStatus',
        'GetContributionsErrors',
        'SubmitPass',
        'SubmitPapdis',
        'GetJob',
        'GetJobErrors',
      ].map((state) => [state, 20]),
    ),
  },
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Posts as a careful payroll client does: the same Idempotency-Key on every attempt, and another attempt
 * when the gateway answers 429 or 5xx (its own dependencies, here the faulted provider, may be down), or
 * when the connection fails (a kept-alive connection the server closed as it was reused, on a loaded
 * machine).
 */
export async function postAsPayroll(
  call: GatewayCall,
  path: string,
  body: unknown,
  idempotencyKey: string,
  attempts = 30,
): Promise<JsonResponse> {
  for (let attempt = 1; ; attempt++) {
    let response: JsonResponse;
    try {
      response = await call('POST', path, body, { 'Idempotency-Key': idempotencyKey });
    } catch (error) {
      // fetch rejects only when no answer came; the key makes another attempt safe.
      if (attempt >= attempts) throw error;
      await sleep(100 * Math.min(attempt, 10));
      continue;
    }
    if ((response.status !== 429 && response.status < 500) || attempt >= attempts) return response;
    await sleep(100 * Math.min(attempt, 10));
  }
}

export interface AcceptedSubmission {
  submissionId: string;
  schemeId: string;
  route: 'direct' | 'pensionsync';
  period: Period;
  /** TPP direct: the account. */
  accountId?: string;
}

export interface Refusal {
  schemeId: string;
  period: Period;
  response: JsonResponse;
}

/** Links a TPP direct scheme per account through the API (before faults are armed: linking is not under test). */
export async function linkTppSchemes(call: GatewayCall, accountIds: string[]): Promise<Map<string, string>> {
  const schemes = new Map<string, string>();
  for (const accountId of accountIds) {
    const { status, body } = await call('POST', '/v1/schemes', {
      provider: 'TPP',
      route: 'direct',
      employerReference: `month-end-${accountId}`,
      connectionId: 'sandbox',
      accountId,
    });
    if (status !== 201)
      throw new Error(`linking account ${accountId} answered ${status}: ${JSON.stringify(body)}`);
    schemes.set(body.schemeId as string, accountId);
  }
  return schemes;
}

/** PensionSync schemes, authorised (see seedPensionSyncSchemes); answers their ids. */
export async function linkPensionSyncSchemes(sandbox: ScopeApprover, count: number, prefix: string) {
  return (await seedPensionSyncSchemes(sandbox, count, prefix)).map((scheme) => scheme.schemeId);
}

/**
 * The burst: for every scheme, its periods posted one after the other (as payroll posts a month's runs),
 * all schemes at once. Answers what was accepted and what was refused.
 */
export async function submitBurst(
  call: GatewayCall,
  schemes: Array<{ schemeId: string; route: 'direct' | 'pensionsync'; accountId?: string }>,
  periods: Period[],
): Promise<{ accepted: AcceptedSubmission[]; refused: Refusal[] }> {
  const accepted: AcceptedSubmission[] = [];
  const refused: Refusal[] = [];
  await Promise.all(
    schemes.map(async ({ schemeId, route, accountId }) => {
      for (const period of periods) {
        const document = exampleSubmission();
        document.payReferencePeriod = period;
        const response = await postAsPayroll(
          call,
          `/v1/schemes/${schemeId}/submissions`,
          document,
          `${schemeId}-${period.start}`,
        );
        if (response.status === 202) {
          accepted.push({
            submissionId: response.body.submissionId,
            schemeId,
            route,
            period,
            ...(accountId ? { accountId } : {}),
          });
        } else refused.push({ schemeId, period, response });
      }
    }),
  );
  return { accepted, refused };
}

const FINAL = new Set(['processed', 'validated', 'failed', 'error', 'rejected', 'cancelled']);

/** Each submission as GET /v1/submissions/{id} shows it, read until all are final or the time is up. */
export async function settle(
  call: GatewayCall,
  accepted: AcceptedSubmission[],
  timeoutMs: number,
): Promise<Map<string, any>> {
  const views = new Map<string, any>();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = accepted.filter(({ submissionId }) => !FINAL.has(views.get(submissionId)?.status));
    for (const { submissionId } of open)
      views.set(submissionId, (await call('GET', `/v1/submissions/${submissionId}`)).body);
    if (open.every(({ submissionId }) => FINAL.has(views.get(submissionId)?.status)) || Date.now() > deadline)
      return views;
    await sleep(250);
  }
}

export interface MonthEndVerdict {
  accepted: number;
  /** Gateway statuses, counted. */
  statuses: Record<string, number>;
  /** Reported `processed` and processed at the provider. */
  processed: number;
  /** The gateway's end state or provider reference disagrees with the provider's records. */
  misreported: string[];
  /** A period (TPP) or document (PensionSync) the provider took more than once. */
  deliveredTwice: string[];
  /** Not in an end state when the run was judged. */
  stuck: string[];
  /** Accepted, but the provider never received it. */
  lost: string[];
  /** Still `queued` although its period is the one TPP expects next and TPP holds no request for it. */
  queuedWhileDue: string[];
  /** Ended in `error`. */
  errors: string[];
  /** Status changes not announced, announced twice under different ids, or announced without an eventId. */
  eventProblems: string[];
  /** TPP contributions POSTs the proxy saw that the submission's history does not list. */
  unrecordedAttempts: string[];
  /** Periods TPP received more than one request for, the extra ones failed by TPP (a resend that raced TPP). */
  resentButRefused: string[];
}

interface TppContribution {
  id: string;
  accountId: string;
  stage: string;
  period: Period;
}

/** Account and period start of a TPP contributions body: what identifies a period at TPP. */
function contributionsKey(body: unknown): string {
  const { accountId, payReferencePeriod } = (
    body as { data: { attributes: { accountId: unknown; payReferencePeriod: Period } } }
  ).data.attributes;
  return `${accountId} ${payReferencePeriod.start}`;
}

/** The last entries of a submission's history, to say where it stopped. */
function lastSteps(history: Array<Record<string, unknown>>, count = 3): string {
  const steps = history
    .slice(-count)
    .map((entry) =>
      [entry.status ?? entry.operation, entry.outcome, entry.detail]
        .filter((part) => part !== undefined)
        .join(' '),
    );
  return `last: ${steps.join(' | ')}`;
}

/** What the provider holds for a submission, to say why it is stuck. */
function atProvider(
  submission: AcceptedSubmission,
  contributions: TppContribution[],
  jobs: ReturnType<PensionSyncSandbox['jobs']>,
): string {
  const stages =
    submission.route === 'direct'
      ? contributions
          .filter((c) => c.accountId === submission.accountId && c.period.start === submission.period.start)
          .map((c) => c.stage)
      : jobs.filter((job) => job.documentId === `PG-${submission.submissionId}`).map((job) => job.status);
  return `: the provider holds ${stages.length ? stages.join(', ') : 'nothing'} for it`;
}

function tppContributions(tpp: JudgedProviders['tpp']): TppContribution[] {
  return tpp.submissions().map(({ id, accountId, stage, body }) => ({
    id,
    accountId,
    stage,
    period: (body as { data: { attributes: { payReferencePeriod: Period } } }).data.attributes
      .payReferencePeriod,
  }));
}

/**
 * What a verdict reads: both sandboxes and a token TPP takes; the TPP proxy's record of POSTs, when there is
 * a proxy, for the attempts missing from histories.
 */
export interface JudgedProviders {
  tpp: Pick<TppSandbox, 'url' | 'submissions'>;
  pensionSync: Pick<PensionSyncSandbox, 'jobs' | 'deliveries'>;
  tppToken: string;
  tppProxy?: Pick<FaultProxy, 'requests'>;
}

/** The account as TPP's own API shows it now, read from the sandbox directly (not through the proxy). */
async function tppAccount(
  providers: JudgedProviders,
  accountId: string,
): Promise<{ nextPayReferencePeriod: Period }> {
  const response = await fetch(`${providers.tpp.url}/api/v2/accounts/${accountId}`, {
    headers: { authorization: `Bearer ${providers.tppToken}` },
  });
  return ((await response.json()) as { data: { attributes: { nextPayReferencePeriod: Period } } }).data
    .attributes;
}

/**
 * Judges the run from the providers' records: what TPP took and processed per account and period, which
 * PensionSync jobs were made and delivered per document, and the events the bus received.
 */
export async function judgeMonthEnd(
  providers: JudgedProviders,
  runtime: EmbeddedRuntime,
  accepted: AcceptedSubmission[],
  views: Map<string, any>,
): Promise<MonthEndVerdict> {
  const verdict: MonthEndVerdict = {
    accepted: accepted.length,
    statuses: {},
    processed: 0,
    misreported: [],
    deliveredTwice: [],
    stuck: [],
    lost: [],
    queuedWhileDue: [],
    errors: [],
    eventProblems: [],
    unrecordedAttempts: [],
    resentButRefused: [],
  };
  const posts = (providers.tppProxy?.requests() ?? [])
    .filter((request) => request.method === 'POST' && request.path === '/api/v2/contributions')
    .map((request) => contributionsKey(JSON.parse(request.body)));
  const contributions = tppContributions(providers.tpp);
  const jobs = providers.pensionSync.jobs();
  const deliveries = providers.pensionSync.deliveries();
  const nextPeriods = new Map<string, Period>();
  for (const accountId of new Set(accepted.flatMap((a) => (a.accountId ? [a.accountId] : [])))) {
    nextPeriods.set(accountId, (await tppAccount(providers, accountId)).nextPayReferencePeriod);
  }

  for (const submission of accepted) {
    const view = views.get(submission.submissionId) ?? {};
    const status: string = view.status ?? 'unknown';
    const name = `${submission.route === 'direct' ? `TPP ${submission.accountId}` : `PensionSync ${submission.schemeId}`} ${submission.period.start} (${submission.submissionId}, ${status})`;
    verdict.statuses[status] = (verdict.statuses[status] ?? 0) + 1;
    if (!FINAL.has(status))
      verdict.stuck.push(
        `${name}${atProvider(submission, contributions, jobs)}; ${lastSteps(view.history ?? [])}`,
      );
    if (status === 'error')
      verdict.errors.push(`${name}: ${view.failureReason ?? ''}; ${lastSteps(view.history ?? [], 6)}`);

    let reached: boolean;
    let processedThere: boolean;
    let references: string[];
    if (submission.route === 'direct') {
      const taken = contributions.filter(
        (c) => c.accountId === submission.accountId && c.period.start === submission.period.start,
      );
      reached = taken.length > 0;
      processedThere = taken.some((c) => c.stage === 'processed');
      references = taken.map((c) => c.id);
      // A request TPP failed may be followed by a corrected one; anything else taken twice is a double delivery.
      const live = taken.filter((c) => c.stage !== 'failed');
      if (live.length > 1) verdict.deliveredTwice.push(`${name}: TPP took it ${live.length} times`);
      else if (taken.length > 1)
        verdict.resentButRefused.push(
          `${name}: TPP received ${taken.length} requests, failed ${taken.length - live.length}`,
        );
      const tried = posts.filter(
        (key) => key === `${submission.accountId} ${submission.period.start}`,
      ).length;
      const recorded = (view.history ?? []).filter(
        (entry: { kind?: string; operation?: string }) =>
          entry.kind === 'attempt' && entry.operation === 'post-contributions',
      ).length;
      if (recorded < tried)
        verdict.unrecordedAttempts.push(`${name}: ${tried} POSTs went out, history lists ${recorded}`);
      const next = nextPeriods.get(submission.accountId ?? '');
      // Due, and nothing for it at TPP: the queue should have sent it.
      if (status === 'queued' && next?.start === submission.period.start && taken.length === 0)
        verdict.queuedWhileDue.push(`${name}: TPP expects ${next.start} next`);
    } else {
      const documentId = `PG-${submission.submissionId}`;
      const made = jobs.filter((job) => job.documentId === documentId);
      const delivered = deliveries.filter((delivery) => delivery.documentId === documentId);
      reached = made.length > 0;
      processedThere = delivered.length > 0;
      references = made.map((job) => job.id);
      if (made.length > 1 || delivered.length > 1)
        verdict.deliveredTwice.push(`${name}: ${made.length} jobs, ${delivered.length} deliveries`);
    }
    if (!reached) verdict.lost.push(name);
    if (status === 'processed' && processedThere) verdict.processed += 1;
    if (status === 'processed' && !processedThere)
      verdict.misreported.push(`${name}: the provider has not processed it`);
    if ((status === 'failed' || status === 'error') && processedThere)
      verdict.misreported.push(`${name}: the provider processed it`);
    const reference = view.providerReference;
    if (typeof reference === 'string' && !references.includes(reference))
      verdict.misreported.push(
        `${name}: reports provider reference ${reference}, the provider has ${references.join(', ') || 'none'}`,
      );

    verdict.eventProblems.push(
      ...eventProblemsOf(runtime, name, submission.submissionId, view.history ?? []),
    );
  }
  return verdict;
}

/**
 * Every status the submission went through announced, each change under one stable eventId (a redelivery
 * repeats the id; a second id for the same change would be announcing it twice).
 */
export function eventProblemsOf(
  runtime: EmbeddedRuntime,
  name: string,
  submissionId: string,
  history: Array<{ status?: string }>,
): string[] {
  const problems: string[] = [];
  const events = runtime.eventBridge
    .events()
    .filter((e) => e.DetailType === 'Submission Status Changed')
    .map((e) => e.Detail as { submissionId: string; status: string; eventId?: unknown })
    .filter((detail) => detail.submissionId === submissionId);
  const withoutId = events.filter((detail) => typeof detail.eventId !== 'string');
  if (withoutId.length > 0) problems.push(`${name}: ${withoutId.length} events without an eventId`);
  // Status changes only: provider attempts are recorded in the history too.
  const changes = history.filter((entry): entry is { status: string } => typeof entry.status === 'string');
  for (const status of new Set(changes.map((entry) => entry.status))) {
    const entered = changes.filter((entry) => entry.status === status).length;
    const ids = new Set(
      events.filter((detail) => detail.status === status).map((detail) => String(detail.eventId)),
    );
    if (ids.size === 0) problems.push(`${name}: "${status}" never announced`);
    else if (ids.size > entered)
      problems.push(`${name}: "${status}" announced under ${ids.size} different ids`);
  }
  const statusesById = new Map<string, Set<string>>();
  for (const detail of events) {
    if (typeof detail.eventId !== 'string') continue;
    const statuses = statusesById.get(detail.eventId) ?? new Set();
    statuses.add(detail.status);
    statusesById.set(detail.eventId, statuses);
  }
  for (const [eventId, statuses] of statusesById)
    if (statuses.size > 1) problems.push(`${name}: eventId ${eventId} names ${[...statuses].join(' and ')}`);
  return problems;
}
